namespace Marketplace.Common;

/// <summary>
/// Every secret committed to the repository (the appsettings.json values that let a fresh clone run) starts with
/// <see cref="Prefix"/>, so a host outside Development can recognise one and refuse to start with it.
/// </summary>
public static class DevelopmentSecrets
{
    public const string Prefix = "development-";

    public static bool IsCommitted(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The error a host outside Development reports for <paramref name="configurationKey"/>.</summary>
    public static string Refusal(string configurationKey, string environmentName) =>
        $"{configurationKey} holds the development value committed to the repository; a {environmentName} host needs a secret " +
        "of its own (deploy/local/up.sh generates one per install, see docs/security.md).";
}
