using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Promotions;
using Marketplace.Promotions.Events;
using Decision = Marketplace.Grains.Common.Decision<Marketplace.Grains.Promotions.PromoCodeEvent>;

namespace Marketplace.Grains.Promotions;

/// <summary>
/// A promo code as plain code: <see cref="Decide"/> turns a command into events and the domain events to publish (or
/// refuses it with a domain exception), <see cref="Apply"/> folds an event into the state, <see cref="Quote"/> prices
/// lines. Redemptions are per order: a repeated reserve, confirm or release of the same order changes nothing.
/// </summary>
public static class PromoCodeCore
{
    public const int MaxPercentage = 90;
    public const int MaxPerShopperLimit = 100;

    /// <summary>The largest budget; a code's state keeps one redemption per order, so it is bounded by it.</summary>
    public const int MaxRedemptions = 10_000;

    public const int MaxTargets = 50;
    public const int MaxDescription = 200;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    public static Decision Decide(PromoCodeState state, PromoCodeCommand command) => command switch
    {
        DefineCode c => Define(state, c),
        _ when !state.Exists => throw new NotFoundException($"Promo code {state.Code} does not exist."),
        SetCodeStatus c => Current(state, c.ExpectedVersion).Status == EnumRules.Defined(c.Status, "status") ? Decision.None : Changed(state, new CodeStatusSet(c.Status, c.At)),
        ReserveCode c => Reserve(state, c),
        ConfirmCode c => state.Redemptions.Find(r => r.OrderId == c.OrderId) is { Redeemed: false } held
            ? Redemption(state, new CodeRedeemed(c.OrderId, c.At), held, (s, r) => new PromoCodeRedeemed(s.Code, r.OrderId, r.ShopperId, r.Discount, s.Definition!.Currency, s.Redeemed, s.Reserved, s.Revision))
            : Decision.None,
        ReleaseCode c => state.Redemptions.Find(r => r.OrderId == c.OrderId) is { } held
            ? Redemption(state, new CodeReleased(c.OrderId, c.At), held, (s, r) => new PromoCodeReleased(s.Code, r.OrderId, r.ShopperId, r.Discount, s.Definition!.Currency, s.Redeemed, s.Reserved, s.Revision,
                TextRules.Optional(c.Reason, "reason", 500, multiline: true) ?? ""))
            : Decision.None,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a promo code command."),
    };

    public static PromoCodeState Apply(PromoCodeState state, PromoCodeEvent change)
    {
        switch (change)
        {
            case CodeDefined defined:
                if (!state.Exists)
                {
                    state.Code = defined.Code;
                    state.CreatedAt = defined.At;
                }
                state.Definition = defined.Definition;
                state.Version++;
                break;
            case CodeStatusSet set:
                state.Status = set.Status;
                state.Version++;
                break;
            case CodeReserved reserved:
                state.Redemptions.Add(reserved.Redemption);
                break;
            case CodeRedeemed redeemed:
                var index = state.Redemptions.FindIndex(r => r.OrderId == redeemed.OrderId);
                state.Redemptions[index] = state.Redemptions[index] with { Redeemed = true };
                break;
            case CodeReleased released:
                state.Redemptions.RemoveAll(r => r.OrderId == released.OrderId);
                break;
        }
        state.Revision++;
        state.UpdatedAt = change.At;
        return state;
    }

    /// <summary>What the code takes off the lines for the shopper now (<see cref="Guid.Empty"/>: anonymous, no per-shopper check).</summary>
    public static PromoQuote Quote(PromoCodeState state, Guid shopperId, IReadOnlyList<PromoLine> lines, DateTimeOffset now)
    {
        var refusal = Unavailable(state, shopperId, now);
        var (shares, reason) = refusal is null ? PromoPricing.Price(state.Definition!, lines) : (null, refusal);
        return shares is null
            ? new PromoQuote(state.Code, false, reason, 0, new decimal[lines.Count], state.Version)
            : new PromoQuote(state.Code, true, null, shares.Sum(), shares, state.Version);
    }

    /// <summary>Why the code cannot be redeemed by the shopper now, or null when it can.</summary>
    private static string? Unavailable(PromoCodeState state, Guid shopperId, DateTimeOffset now)
    {
        var definition = state.Definition!;
        return state switch
        {
            { Status: PromoCodeStatus.Disabled } => "The code has been withdrawn.",
            _ when now < definition.StartsAt => $"The code is valid from {definition.StartsAt:u}.",
            _ when now >= definition.EndsAt => "The code has expired.",
            _ when state.Redemptions.Count >= definition.MaxRedemptions => "The code has been used up.",
            _ when shopperId != Guid.Empty && state.Redemptions.Count(r => r.ShopperId == shopperId) >= definition.PerShopperLimit =>
                $"You have used the code {definition.PerShopperLimit} time{(definition.PerShopperLimit == 1 ? "" : "s")} already, as often as it allows.",
            _ => null,
        };
    }

    private static Decision Reserve(PromoCodeState state, ReserveCode c)
    {
        if (state.Redemptions.Any(r => r.OrderId == c.OrderId))
        {
            return Decision.None;
        }
        if (c.Version != state.Version)
        {
            throw new ConflictException("The promo code changed while the order was placed; check out again to see its terms.");
        }
        if (Unavailable(state, c.ShopperId, c.At) is { } reason)
        {
            throw new ConflictException(reason);
        }
        var redemption = new PromoRedemption(c.OrderId, c.ShopperId, c.Discount, Redeemed: false, c.At);
        return Redemption(state, new CodeReserved(redemption, c.At), redemption,
            (s, r) => new PromoCodeReserved(s.Code, r.OrderId, r.ShopperId, r.Discount, s.Definition!.Currency, s.Redeemed, s.Reserved, s.Revision));
    }

    /// <summary>A redemption's change and its event, which carries the counters as they stand after it.</summary>
    private static Decision Redemption(PromoCodeState state, PromoCodeEvent change, PromoRedemption redemption, Func<PromoCodeState, PromoRedemption, IDomainEvent> published)
    {
        var after = Apply(Copy(state), change);
        return Decision.Of(change, published(after, redemption));
    }

    private static Decision Define(PromoCodeState state, DefineCode c)
    {
        var draft = Normalize(c.Draft);
        if (c.ExpectedVersion is null && state.Exists)
        {
            return Same(state.Definition!, draft)
                ? Decision.None
                : throw new ConflictException($"Promo code {state.Code} exists with other terms; edit it with its ETag.");
        }
        if (c.ExpectedVersion is { } expected)
        {
            Current(state, expected);
        }
        Validate(draft, c.At, isNew: !state.Exists);
        if (state.Exists && draft.MaxRedemptions < state.Redemptions.Count)
        {
            throw new ValidationException("maxRedemptions", $"{state.Redemptions.Count} redemptions are already redeemed or reserved.");
        }
        return Changed(state, new CodeDefined(c.Code, draft, c.At));
    }

    private static Decision Changed(PromoCodeState state, PromoCodeEvent change)
    {
        var after = Apply(Copy(state), change);
        return Decision.Of(change, new PromoCodeChanged(after.View(), after.Revision));
    }

    private static PromoCodeState Current(PromoCodeState state, long expectedVersion) =>
        state.Version == expectedVersion ? state : throw new VersionMismatchException(expectedVersion, state.Version);

    private static PromoCodeDraft Normalize(PromoCodeDraft draft) => draft with
    {
        Currency = draft.Currency?.Trim().ToUpperInvariant() ?? "",
        Categories = (draft.Categories ?? []).Select(c => c?.Trim() ?? "").Distinct().Order(StringComparer.Ordinal).ToList(),
        Sellers = (draft.Sellers ?? []).Distinct().Order().ToList(),
        Description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim(),
    };

    // Lists compare by reference in a record: a repeated create compares their contents.
    private static bool Same(PromoCodeDraft a, PromoCodeDraft b) =>
        a with { Categories = null, Sellers = null } == b with { Categories = null, Sellers = null }
        && a.Categories!.SequenceEqual(b.Categories!) && a.Sellers!.SequenceEqual(b.Sellers!);

    private static void Validate(PromoCodeDraft draft, DateTimeOffset now, bool isNew)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        EnumRules.Defined(draft.Kind, "kind");
        if (draft.Kind == PromoDiscountKind.Percentage && (draft.Value != decimal.Truncate(draft.Value) || draft.Value is < 1 or > MaxPercentage))
        {
            Error("value", $"A percentage is a whole number from 1 to {MaxPercentage}.");
        }
        if (draft.Kind == PromoDiscountKind.Fixed && Amounts.PriceError(draft.Value) is { } amountError)
        {
            Error("value", amountError);
        }
        if (draft.Currency.Length != 3 || !draft.Currency.All(char.IsAsciiLetterUpper))
        {
            Error("currency", "A currency is its three-letter ISO code, such as RUB.");
        }
        if (draft.MinOrderAmount != 0 && Amounts.PriceError(draft.MinOrderAmount) is { } minimumError)
        {
            Error("minOrderAmount", $"0 for none, or an amount: {minimumError}");
        }
        if (draft.Categories!.Count > MaxTargets)
        {
            Error("categories", $"At most {MaxTargets} categories.");
        }
        else if (draft.Categories.FirstOrDefault(c => !Categories.Exists(c)) is { } unknown)
        {
            Error("categories", $"'{unknown}' is not a category.");
        }
        if (draft.Sellers!.Count > MaxTargets || draft.Sellers.Contains(Guid.Empty))
        {
            Error("sellers", $"At most {MaxTargets} seller ids, none empty.");
        }
        if (draft.PerShopperLimit is < 1 or > MaxPerShopperLimit)
        {
            Error("perShopperLimit", $"A shopper redeems a code 1 to {MaxPerShopperLimit} times.");
        }
        if (draft.MaxRedemptions is < 1 or > MaxRedemptions)
        {
            Error("maxRedemptions", $"A code's budget is 1 to {MaxRedemptions} redemptions.");
        }
        if (draft.EndsAt <= draft.StartsAt || draft.EndsAt - draft.StartsAt > MaxDuration)
        {
            Error("endsAt", $"A code ends after it starts, at most {MaxDuration.TotalDays:0} days later.");
        }
        else if (isNew && draft.EndsAt <= now)
        {
            Error("endsAt", "The code would already have expired.");
        }
        if (TextRules.Error(draft.Description) is { } descriptionError || draft.Description is { Length: > MaxDescription })
        {
            Error("description", $"At most {MaxDescription} characters on one line.");
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static PromoCodeState Copy(PromoCodeState state) => new()
    {
        Code = state.Code, Definition = state.Definition, Status = state.Status, Version = state.Version, Revision = state.Revision,
        Redemptions = state.Redemptions.ToList(), CreatedAt = state.CreatedAt, UpdatedAt = state.UpdatedAt,
    };
}
