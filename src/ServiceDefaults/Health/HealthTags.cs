namespace Marketplace.ServiceDefaults;

public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>Every readiness check gives up after this long, so an unreachable store fails ready instead of hanging it.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(3);
}
