namespace Marketplace.Common;

/// <summary>Stream provider and namespaces shared by publishers and subscribers.</summary>
public static class StreamNames
{
    /// <summary>The one stream provider: memory streams in the in-memory profile, Kafka otherwise.</summary>
    public const string Provider = "events";
}
