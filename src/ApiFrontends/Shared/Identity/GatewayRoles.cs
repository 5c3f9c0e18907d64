using Marketplace.Identity;

namespace Marketplace.Gateways.Identity;

/// <summary>Which gateway this is (its <see cref="Name"/> in the audit trail) and which accounts it serves: who signs up through it, who uses its routes, whether operators get in.</summary>
public sealed record GatewayRoles(string Name, UserRole RegistersAs, IReadOnlyList<UserRole> Members, bool AdmitsOperators)
{
    public static GatewayRoles Public { get; } = new("public", UserRole.Shopper, [UserRole.Shopper], AdmitsOperators: false);
    public static GatewayRoles Seller { get; } = new("seller", UserRole.Seller, [UserRole.Seller], AdmitsOperators: true);
    public static GatewayRoles Logistics { get; } = new("logistics", UserRole.Courier, [UserRole.Courier], AdmitsOperators: true);

    /// <summary>Every role whose tokens this gateway accepts at all; others are rejected with 401.</summary>
    public IReadOnlyList<UserRole> Admitted => AdmitsOperators ? [.. Members, UserRole.Operator] : Members;
}
