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

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost mode: the silo port of the primary silo that the others join.</summary>
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Localhost mode: the gateway ports a client connects to.</summary>
    public int[] GatewayPorts { get; set; } = [30000];

    public const string AdoNetInvariant = "Npgsql";
}
