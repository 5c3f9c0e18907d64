using System.Net;
using System.Net.Sockets;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Forwards every TCP connection made to one endpoint to another, byte for byte both ways, until either side closes:
/// a server that listens on loopback only is reached through it from another address (see <see cref="HostNetwork.Expose"/>).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpRelay(IPEndPoint listen, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(listen);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                await using var fromClient = new NetworkStream(client, ownsSocket: false);
                await using var fromServer = new NetworkStream(server, ownsSocket: false);
                // The servers relayed (PostgreSQL, Redis, HTTP) never half-close, so one side ending ends the connection.
                await Task.WhenAny(fromClient.CopyToAsync(fromServer, _stop.Token), fromServer.CopyToAsync(fromClient, _stop.Token));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
            {
                // The connection ends as it would without the relay: the other side sees it closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
