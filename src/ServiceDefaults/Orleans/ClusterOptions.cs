using System.Net;

namespace Marketplace.ServiceDefaults.Orleans;

public enum ClusteringMode
{
    /// <summary>Silos on this machine find each other through a primary silo; for the single-machine profiles (Sqlite, Memory) and fast tests.</summary>
    Localhost,

    /// <summary>Membership in the ADO.NET table on PostgreSQL; silos and gateways anywhere find the cluster there.</summary>
    AdoNet,
}

/// <summary>How silos and clients join the cluster. Bound from the <c>Cluster</c> section.</summary>
public sealed class MarketplaceClusterOptions
{
    public const string SectionName = "Cluster";

    public ClusteringMode Mode { get; set; } = ClusteringMode.Localhost;
    public string ClusterId { get; set; } = "marketplace";
    public string ServiceId { get; set; } = "marketplace";

    /// <summary>PostgreSQL connection string of the membership and reminder tables (AdoNet mode).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The address this silo advertises to the cluster (written to the membership table) and listens on: its host's
    /// address on the network the silos and gateways share. Loopback by default, for one machine.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface instead of only <see cref="AdvertisedAddress"/> (a container whose advertised address is NATed to it).</summary>
    public bool ListenOnAnyAddress { get; set; }

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost mode: the silo port of the primary silo that the others join.</summary>
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Localhost mode: the gateway ports a client connects to.</summary>
    public int[] GatewayPorts { get; set; } = [30000];

    /// <summary>
    /// Gateways: how long a grain call may take before the caller gets a 503. A call in flight to a silo that was just
    /// killed waits this long, so it is kept within a client's patience rather than Orleans' default of 30 seconds.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gateways: the Retry-After of a 503 when the cluster is unavailable; about the silos' failure-detection time
    /// (Cluster:Membership), after which a retry reaches a live silo.
    /// </summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Mutual TLS on silo-to-silo and client-to-silo connections (off unless configured).</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    public const string AdoNetInvariant = "Npgsql";

    public IPAddress AdvertisedIpAddress() => IPAddress.TryParse(AdvertisedAddress, out var address)
        ? address
        : throw new InvalidOperationException($"Cluster:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
}
