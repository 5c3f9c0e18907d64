using System.Net;
using System.Net.Sockets;

namespace Marketplace.Tests.Infrastructure;

public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>A loopback port nobody listens on and this test run has not handed out before.</summary>
    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
