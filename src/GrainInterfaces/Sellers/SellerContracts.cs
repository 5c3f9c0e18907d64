using System.Text.Json.Serialization;

namespace Marketplace.Sellers;

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<SellerStatus>))]
public enum SellerStatus
{
    Pending,
    Active,
    Suspended,
}

/// <summary>What a seller states at onboarding and later edits; validated by the seller grain.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerApplication(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string LegalName,
    [property: Id(2)] string TaxId,
    [property: Id(3)] PayoutDetails Payout,
    [property: Id(4)] SellerContact Contact);

[GenerateSerializer, Immutable]
public sealed record PayoutDetails(
    [property: Id(0)] string BankName,
    [property: Id(1)] string AccountNumber,
    [property: Id(2)] string BankCode);

[GenerateSerializer, Immutable]
public sealed record SellerContact(
    [property: Id(0)] string Email,
    [property: Id(1)] string? Phone);

/// <summary>A seller's full profile: seen by the seller itself and operators only.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerProfile(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] SellerApplication Details,
    [property: Id(2)] SellerStatus Status,
    [property: Id(3)] string? StatusReason,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt);

/// <summary>What shoppers see of a seller on its storefront.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerPublicProfile(
    [property: Id(0)] Guid SellerId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] SellerStatus Status);
