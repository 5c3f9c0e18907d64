using Marketplace.Grains.Payments.Storage;
using Orleans.Storage;

namespace Marketplace.Tests.Checkout;

/// <summary>Where an injected write failure strikes: before the store has the write, or after (an answer lost on the way back).</summary>
public enum FaultMoment
{
    BeforeStore,
    AfterStore,
}

/// <summary>
/// Plans of injected write failures, one per saga: the <c>FailAt</c>-th write to any of the saga's own records
/// (its order, sub-order, stock and payment) fails, once; every other write goes through.
/// </summary>
public sealed class WriteFaults
{
    private readonly List<Plan> _plans = [];

    public Plan Add(IEnumerable<string> records, int failAt, FaultMoment moment)
    {
        var plan = new Plan([.. records], failAt, moment);
        lock (_plans)
        {
            _plans.Add(plan);
        }
        return plan;
    }

    /// <summary>Counts a write of <paramref name="record"/> and says whether, and when, it fails.</summary>
    public FaultMoment? Strike(string record, string what)
    {
        lock (_plans)
        {
            var plan = _plans.FirstOrDefault(p => p.Records.Contains(record));
            if (plan is null || ++plan.Writes != plan.FailAt)
            {
                return null;
            }
            plan.Failed = what;
            return plan.Moment;
        }
    }

    public sealed class Plan(HashSet<string> records, int failAt, FaultMoment moment)
    {
        public HashSet<string> Records { get; } = records;
        public int FailAt { get; } = failAt;
        public FaultMoment Moment { get; } = moment;
        public int Writes { get; set; }

        /// <summary>The write that was made to fail, or null when the saga wrote fewer than <see cref="FailAt"/> times.</summary>
        public string? Failed { get; set; }

        public override string ToString() => $"write {FailAt} failing {Moment} ({Failed ?? "never reached"})";
    }
}

public sealed class InjectedWriteFailure(string what) : Exception($"Injected failure writing {what}");

/// <summary>A grain storage whose writes fail where <see cref="WriteFaults"/> says.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, WriteFaults faults) : IGrainStorage
{
    public static string Record(GrainId grainId) => grainId.ToString();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Faulty(faults.Strike(Record(grainId), $"{grainId} {stateName}"), $"{grainId} {stateName}", () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Faulty(faults.Strike(Record(grainId), $"{grainId} {stateName} (clear)"), $"{grainId} {stateName}", () => inner.ClearStateAsync(stateName, grainId, grainState));

    internal static async Task Faulty(FaultMoment? fault, string what, Func<Task> write)
    {
        if (fault == FaultMoment.BeforeStore)
        {
            throw new InjectedWriteFailure(what);
        }
        await write();
        if (fault == FaultMoment.AfterStore)
        {
            throw new InjectedWriteFailure(what);
        }
    }
}

/// <summary>A payment record store whose saves fail where <see cref="WriteFaults"/> says.</summary>
public sealed class FaultyPaymentRecordStore(IPaymentRecordStore inner, WriteFaults faults) : IPaymentRecordStore
{
    public static string Record(Guid paymentId) => $"payment/{paymentId:N}";

    public Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default) => inner.Find(paymentId, cancellationToken);

    public Task Save(PaymentRecord record, CancellationToken cancellationToken = default) =>
        FaultyGrainStorage.Faulty(faults.Strike(Record(record.PaymentId), $"payment {record.PaymentId} {record.Status}"), $"payment {record.PaymentId}",
            () => inner.Save(record, cancellationToken));

    public Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default) => inner.FindByOrder(orderId, cancellationToken);
}
