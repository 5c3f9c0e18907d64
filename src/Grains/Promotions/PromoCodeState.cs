using Marketplace.Grains.Common;
using Marketplace.Promotions;

namespace Marketplace.Grains.Promotions;

[GenerateSerializer]
public sealed class PromoCodeState
{
    [Id(0)] public string Code { get; set; } = "";
    [Id(1)] public PromoCodeDraft? Definition { get; set; }
    [Id(2)] public PromoCodeStatus Status { get; set; }

    /// <summary>The definition's version (ETag): creation, edits and status changes.</summary>
    [Id(3)] public long Version { get; set; }

    /// <summary>Every change, redemptions included: the version of the code's projection row.</summary>
    [Id(4)] public long Revision { get; set; }

    /// <summary>One per order holding the code: reserved while it is paid, redeemed once paid; a released one is removed.</summary>
    [Id(5)] public List<PromoRedemption> Redemptions { get; set; } = [];

    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(8)] public EventOutbox Outbox { get; set; } = new();

    public bool Exists => Definition is not null;

    public int Redeemed => Redemptions.Count(r => r.Redeemed);

    public int Reserved => Redemptions.Count(r => !r.Redeemed);

    public PromoCodeView View() => new(Code, Definition!, Status, Redeemed, Reserved, Version, CreatedAt, UpdatedAt);
}

/// <summary>An order's hold on a code: <see cref="Discount"/> is what it took off the order.</summary>
[GenerateSerializer, Immutable]
public sealed record PromoRedemption(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] decimal Discount,
    [property: Id(3)] bool Redeemed,
    [property: Id(4)] DateTimeOffset At);

public abstract record PromoCodeCommand(DateTimeOffset At);

public sealed record DefineCode(string Code, PromoCodeDraft Draft, long? ExpectedVersion, DateTimeOffset At) : PromoCodeCommand(At);

public sealed record SetCodeStatus(long ExpectedVersion, PromoCodeStatus Status, DateTimeOffset At) : PromoCodeCommand(At);

public sealed record ReserveCode(Guid OrderId, Guid ShopperId, decimal Discount, long Version, DateTimeOffset At) : PromoCodeCommand(At);

public sealed record ConfirmCode(Guid OrderId, DateTimeOffset At) : PromoCodeCommand(At);

public sealed record ReleaseCode(Guid OrderId, string Reason, DateTimeOffset At) : PromoCodeCommand(At);

public abstract record PromoCodeEvent(DateTimeOffset At);

public sealed record CodeDefined(string Code, PromoCodeDraft Definition, DateTimeOffset At) : PromoCodeEvent(At);

public sealed record CodeStatusSet(PromoCodeStatus Status, DateTimeOffset At) : PromoCodeEvent(At);

public sealed record CodeReserved(PromoRedemption Redemption, DateTimeOffset At) : PromoCodeEvent(At);

public sealed record CodeRedeemed(Guid OrderId, DateTimeOffset At) : PromoCodeEvent(At);

public sealed record CodeReleased(Guid OrderId, DateTimeOffset At) : PromoCodeEvent(At);
