using System.Net;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Load;

/// <summary>
/// The HTTP client that loads one target. Both targets get exactly these settings, so neither is favoured:
/// HTTP/1.1 keep-alive over loopback, no proxy, no cookies, no decompression, a bounded connection pool.
/// </summary>
public sealed class TargetClient : IDisposable
{
    private long _sequence;

    public TargetClient(Target target, Uri baseAddress, int maxConnections, TimeSpan requestTimeout)
    {
        Target = target;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = requestTimeout };
    }

    public Target Target { get; }

    public HttpClient Http { get; }

    /// <summary>Numbers the requests sent to this target across warm-up and every phase, for <see cref="IScenario.CreateRequest"/>.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence) - 1;

    public void Dispose() => Http.Dispose();
}
