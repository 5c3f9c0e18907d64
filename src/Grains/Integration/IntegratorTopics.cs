using Marketplace.Common;

namespace Marketplace.Grains.Integration;

/// <summary>The domains integrators see, one versioned topic each; envelope version 1 is the current contract.</summary>
public static class IntegratorTopics
{
    public const int EnvelopeVersion = 1;

    /// <summary>Stream namespaces forwarded to integrator topics; internal namespaces (user activity) are not.</summary>
    public static readonly IReadOnlyList<string> Domains =
        [StreamNames.Orders, StreamNames.Payments, StreamNames.Shipments, StreamNames.Products, StreamNames.Sellers, StreamNames.Reviews,
            StreamNames.Returns, StreamNames.Payouts, StreamNames.Promotions];

    public static string For(string prefix, string domain) => $"{prefix}.{domain}.v{EnvelopeVersion}";
}
