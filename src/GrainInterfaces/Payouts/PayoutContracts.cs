using System.Text.Json.Serialization;
using Marketplace.Common;
using Marketplace.Ordering;

namespace Marketplace.Payouts;

[JsonConverter(typeof(JsonStringEnumConverter<PayoutStatus>))]
public enum PayoutStatus
{
    /// <summary>Opened by a run; the seller's available balance is being taken.</summary>
    Reserving,

    /// <summary>The amount is taken from the balance and being sent to the processor (retried until it answers).</summary>
    Sending,
    Paid,

    /// <summary>The processor refused it for good; the amount is back in the seller's balance.</summary>
    Failed,

    /// <summary>Nothing (or less than the minimum) was available: nothing was sent.</summary>
    Skipped,
}

[JsonConverter(typeof(JsonStringEnumConverter<PayoutTrigger>))]
public enum PayoutTrigger
{
    Operator,
    Schedule,
}

[GenerateSerializer, Immutable]
public sealed record PayoutView(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] Guid SellerId,
    [property: Id(3)] PayoutStatus Status,
    [property: Id(4)] long AmountMinor,
    [property: Id(5)] string Currency,
    [property: Id(6)] int Attempts,
    [property: Id(7)] string? LastError,
    [property: Id(8)] DateTimeOffset? NextAttemptAt,
    [property: Id(9)] string? ProcessorPayoutId,
    [property: Id(10)] IReadOnlyList<StatusChange> History,
    [property: Id(11)] DateTimeOffset CreatedAt)
{
    public decimal Amount => AmountMinor / 100m;
}

[JsonConverter(typeof(JsonStringEnumConverter<PayoutRunStatus>))]
public enum PayoutRunStatus
{
    /// <summary>Opening a payout for every seller with a balance, a batch at a time.</summary>
    Issuing,

    /// <summary>Every payout is opened; each goes on by itself.</summary>
    Issued,
}

[GenerateSerializer, Immutable]
public sealed record PayoutRunView(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] PayoutTrigger Trigger,
    [property: Id(2)] PayoutRunStatus Status,
    [property: Id(3)] int Sellers,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? IssuedAt,
    [property: Id(6)] long Version);

/// <summary>A run's payouts by status: how many and how much.</summary>
[GenerateSerializer, Immutable]
public sealed record PayoutTotal(
    [property: Id(0)] PayoutStatus Status,
    [property: Id(1)] int Payouts,
    [property: Id(2)] long AmountMinor);

[GenerateSerializer, Immutable]
public sealed record PayoutRunReport(
    [property: Id(0)] PayoutRunView Run,
    [property: Id(1)] IReadOnlyList<PayoutTotal> Totals);

/// <summary>What a reconciliation with the processor found among the payouts still sending.</summary>
[GenerateSerializer, Immutable]
public sealed record ReconciliationReport(
    [property: Id(0)] int Checked,
    [property: Id(1)] int RecordedFromProcessor,
    [property: Id(2)] int SentAgain,
    [property: Id(3)] int ProcessorUnreachable);

[JsonConverter(typeof(JsonStringEnumConverter<PayoutReconciliation>))]
public enum PayoutReconciliation
{
    /// <summary>Not sending: nothing to reconcile.</summary>
    Settled,

    /// <summary>The processor had it: its answer is recorded now.</summary>
    Recorded,

    /// <summary>The processor has none: sent again at once.</summary>
    SentAgain,

    /// <summary>The processor could not be asked; the payout's own retries go on.</summary>
    Unreachable,
}

/// <summary>Payout ids: one per run and seller, so a repeated run step opens the same payout.</summary>
public static class PayoutIds
{
    /// <summary>A run an operator starts: a new id each time (a balance a run already took is not paid twice whatever the run).</summary>
    public static Guid NewRun() => Guid.CreateVersion7();

    public static Guid For(Guid runId, Guid sellerId) => DeterministicGuid.Create(runId, $"payout:{sellerId:N}");

    /// <summary>The scheduled run of the slot starting at <paramref name="slot"/>: every silo's tick of one slot is one run.</summary>
    public static Guid ScheduledRun(DateTimeOffset slot) => DeterministicGuid.Create(Guid.Empty, $"payout-run:{slot.UtcTicks}");
}

/// <summary>One payout to one seller (key: the payout id, derived from its run and seller).</summary>
public interface IPayoutGrain : IGrainWithGuidKey
{
    /// <summary>Opens the payout of the seller's available balance; a repeat changes nothing.</summary>
    Task<PayoutView> Open(Guid runId, Guid sellerId);

    Task<PayoutView> Get();

    /// <summary>Asks the processor what it holds for this payout: records its answer, or sends again at once when it has none.</summary>
    Task<PayoutReconciliation> Reconcile();
}

/// <summary>A payout run (key: the run id): one payout per seller with an available balance.</summary>
public interface IPayoutRunGrain : IGrainWithGuidKey
{
    /// <summary>Starts the run; a repeat returns it as it is.</summary>
    Task<PayoutRunView> Start(PayoutTrigger trigger);

    Task<PayoutRunView> Get();
}

/// <summary>The scheduled runs (one grain, key 0): a reminder every <c>Payouts:ScheduleInterval</c> starts the slot's run.</summary>
public interface IPayoutScheduleGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder, or removes it when the schedule is off (called at every silo start).</summary>
    Task Ensure();
}

/// <summary>Operators' and sellers' payout lists (stateless; key 0), read from the payout tables.</summary>
public interface IPayoutListsGrain : IGrainWithIntegerKey
{
    Task<PagedList<PayoutRunView>> Runs(int page, int pageSize, string? after);

    Task<PayoutRunReport> Run(Guid runId);

    /// <summary>Payouts newest first, narrowed by any of run, seller and status; <paramref name="failing"/>: those refused or with failed attempts.</summary>
    Task<PagedList<PayoutView>> Payouts(Guid? runId, Guid? sellerId, PayoutStatus? status, bool failing, int page, int pageSize, string? after);

    /// <summary>Reconciles every payout still sending with the processor.</summary>
    Task<ReconciliationReport> Reconcile();
}
