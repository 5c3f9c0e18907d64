namespace Marketplace.Sellers;

/// <summary>A seller account (key: the seller's user id, the JWT's <c>sub</c>).</summary>
public interface ISellerGrain : IGrainWithGuidKey
{
    /// <summary>Registers the seller as pending. Repeating it with the same details returns the profile; other details conflict.</summary>
    Task<SellerProfile> Onboard(SellerApplication application);

    /// <summary>NotFoundException when the seller never onboarded.</summary>
    Task<SellerProfile> Get();

    /// <summary>Shoppers' view; NotFoundException unless the seller is active.</summary>
    Task<SellerPublicProfile> GetPublic();

    /// <summary>Replaces the profile details; VersionMismatchException when <paramref name="expectedVersion"/> is stale.</summary>
    Task<SellerProfile> Edit(long expectedVersion, SellerApplication application);

    /// <summary>An operator's decision: pending → active, active ⇄ suspended, pending → suspended.</summary>
    Task<SellerProfile> ChangeStatus(SellerStatus status, string? reason);

    /// <summary>The status, or null when the seller never onboarded (cheap check for product grains).</summary>
    Task<SellerStatus?> GetStatus();
}
