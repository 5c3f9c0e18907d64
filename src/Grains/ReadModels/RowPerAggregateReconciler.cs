using Marketplace.Common;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The reconciler of a read model that holds one row per aggregate, stamped with the aggregate's version: a row is
/// missing, stale (differs from the aggregate's) or extra (no aggregate behind it). A repair writes the aggregate's row
/// with its own version, so a newer event still wins over the repair, and a row that drifted at the same version is
/// rewritten.
/// </summary>
public abstract class RowPerAggregateReconciler<TRow> : ReadModelReconciler where TRow : class
{
    /// <summary>The aggregate's row as it should be; NotFoundException when the aggregate does not exist.</summary>
    protected abstract Task<TRow> ReadAggregateAsync(Guid id);

    protected abstract Task<TRow?> FindRowAsync(Guid id, CancellationToken cancellationToken);

    protected abstract Task RemoveRowAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Writes the row unless the stored one is from a newer version.</summary>
    protected abstract Task RepairRowAsync(TRow row, CancellationToken cancellationToken);

    protected sealed override async Task<Drift> ReconcileAsync(Guid id, bool repair, CancellationToken cancellationToken)
    {
        TRow? expected;
        try
        {
            expected = await ReadAggregateAsync(id);
        }
        catch (NotFoundException)
        {
            expected = null;
        }
        var stored = await FindRowAsync(id, cancellationToken);
        var drift = (expected, stored) switch
        {
            (null, null) => Drift.None,
            (null, _) => Drift.Extra,
            (_, null) => Drift.Missing,
            _ => expected.Equals(stored) ? Drift.None : Drift.Stale,
        };
        if (repair && drift == Drift.Extra)
        {
            await RemoveRowAsync(id, cancellationToken);
        }
        else if (repair && drift != Drift.None)
        {
            await RepairRowAsync(expected!, cancellationToken);
        }
        return drift;
    }
}
