namespace Marketplace.Operations;

/// <summary>
/// Writes and reads a small record through one named grain storage provider, keyed by
/// <c>"&lt;store&gt;/&lt;probe name&gt;"</c>. Readiness checks use it to prove the provider round-trips,
/// not merely that its server accepts connections.
/// </summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task<StorageProbeRecord> Write(string value);

    /// <summary>Reads the record back from the store, not from memory.</summary>
    Task<StorageProbeRecord?> Read();

    /// <summary>The silo the probe is active on now.</summary>
    Task<string> Silo();
}

[GenerateSerializer, Immutable]
public sealed record StorageProbeRecord(
    [property: Id(0)] string Value,
    [property: Id(1)] DateTimeOffset WrittenAt,
    [property: Id(2)] string SiloAddress);

/// <summary>A stateless grain that answers a ping: gateways use it to know the cluster serves calls.</summary>
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    Task<string> Ping();
}
