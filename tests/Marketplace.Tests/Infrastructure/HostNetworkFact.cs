namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A fact that needs <see cref="HostNetwork"/>'s namespaces: skipped, with the reason, on a machine where they cannot be
/// made (not root). CI runs as root, so there it always runs: a CI machine that cannot make them fails the test.
/// </summary>
public sealed class HostNetworkFactAttribute : FactAttribute
{
    public HostNetworkFactAttribute()
    {
        if (!Runs)
        {
            Skip = $"{HostNetwork.Unavailable} (these tests run hosts in network namespaces of their own; run them as root, as CI does)";
        }
    }

    /// <summary>Whether the tests run here: namespaces can be made, or this is CI, where they must.</summary>
    public static bool Runs => HostNetwork.Unavailable is null || Environment.GetEnvironmentVariable("CI") == "true";
}
