using Marketplace.ReadModels;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// Compares one read model with its source aggregates and repairs it. A subclass says where the aggregates are and
/// how one aggregate's rows should look; the walk, the counting and the report are shared.
/// </summary>
public abstract class ReadModelReconciler
{
    private const int Parallelism = 16;
    private const int MaxExamples = 20;

    public abstract string ReadModel { get; }

    /// <summary>Every aggregate id to compare: the stored aggregates and whatever ids the read model holds.</summary>
    protected abstract IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken);

    /// <summary>Compares one aggregate's rows with the aggregate, rewriting them when <paramref name="repair"/>.</summary>
    protected abstract Task<Drift> ReconcileAsync(Guid aggregateId, bool repair, CancellationToken cancellationToken);

    /// <summary>Empties the read model's tables (before a rebuild).</summary>
    protected abstract Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Compares the totals the read model keeps per owner with its rows, after the rows themselves were compared (and
    /// repaired); each drift is a stale aggregate of the report. None for a read model that counts its rows when read.
    /// </summary>
    protected virtual Task<List<TotalDrift>> CheckTotalsAsync(bool repair, CancellationToken cancellationToken) => Task.FromResult(new List<TotalDrift>());

    /// <summary>Compares (and with <paramref name="repair"/> rewrites) every aggregate's rows; the report's duration is read from <paramref name="clock"/>.</summary>
    public async Task<ConsistencyReport> CheckAsync(bool repair, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var seen = new HashSet<Guid>();
        var examples = new List<string>();
        int checkedCount = 0, missing = 0, stale = 0, extra = 0, repaired = 0;
        var batch = new List<Guid>(Parallelism);

        async Task Flush()
        {
            var drifts = await Task.WhenAll(batch.Select(id => ReconcileAsync(id, repair, cancellationToken)));
            for (var i = 0; i < batch.Count; i++)
            {
                checkedCount++;
                var drift = drifts[i];
                missing += drift == Drift.Missing ? 1 : 0;
                stale += drift == Drift.Stale ? 1 : 0;
                extra += drift == Drift.Extra ? 1 : 0;
                if (drift != Drift.None)
                {
                    repaired += repair ? 1 : 0;
                    if (examples.Count < MaxExamples)
                    {
                        examples.Add($"{drift}: {batch[i]}");
                    }
                }
            }
            batch.Clear();
        }

        await foreach (var id in AggregateIdsAsync(cancellationToken))
        {
            if (seen.Add(id))
            {
                batch.Add(id);
                if (batch.Count == Parallelism)
                {
                    await Flush();
                }
            }
        }
        await Flush();
        foreach (var drift in await CheckTotalsAsync(repair, cancellationToken))
        {
            stale++;
            repaired += repair ? 1 : 0;
            if (examples.Count < MaxExamples)
            {
                examples.Add(drift.ToString());
            }
        }
        return new ConsistencyReport(ReadModel, checkedCount, missing, stale, extra, repaired, examples, clock.GetElapsedTime(started));
    }

    public async Task<ConsistencyReport> RebuildAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        await ClearAsync(cancellationToken);
        return await CheckAsync(repair: true, clock, cancellationToken);
    }
}

/// <summary>How one aggregate's rows differed from it.</summary>
public enum Drift
{
    None,

    /// <summary>The aggregate exists and the read model has no row for it.</summary>
    Missing,

    /// <summary>The read model's rows say something the aggregate no longer does.</summary>
    Stale,

    /// <summary>The read model has rows for an aggregate that does not exist.</summary>
    Extra,
}
