namespace Marketplace.Grains.ReadModels;

/// <summary>
/// A projection table of the Memory profile (key: the table's name): one activation holds the rows, so every silo of
/// an in-memory cluster reads the same read model, as Orleans' memory storage keeps its state in grains. Rows are
/// ordered by the version they were written from, exactly like the SQL tables' version checks. Not persisted: the
/// Memory profile keeps nothing across a restart; the durable profiles use the tables.
/// </summary>
public interface IMemoryTableGrain<TRow> : IGrainWithStringKey
{
    /// <summary>
    /// Stores the row unless one from a newer version is there, or from the same version unless
    /// <paramref name="replaceSameVersion"/> (a repair); false when ignored.
    /// </summary>
    Task<bool> Upsert(Guid key, long version, TRow row, bool replaceSameVersion = false);

    [Orleans.Concurrency.ReadOnly]
    Task<(TRow Row, long Version)?> Find(Guid key);

    [Orleans.Concurrency.ReadOnly]
    Task<List<TRow>> Rows();

    Task Remove(Guid key);

    Task Clear();
}

public sealed class MemoryTableGrain<TRow> : Grain, IMemoryTableGrain<TRow>
{
    private readonly Dictionary<Guid, (TRow Row, long Version)> _rows = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Idle collection would forget the table: it lives as long as the silo.
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }

    public Task<bool> Upsert(Guid key, long version, TRow row, bool replaceSameVersion = false)
    {
        if (_rows.TryGetValue(key, out var known) && (known.Version > version || (known.Version == version && !replaceSameVersion)))
        {
            return Task.FromResult(false);
        }
        _rows[key] = (row, version);
        return Task.FromResult(true);
    }

    public Task<(TRow Row, long Version)?> Find(Guid key) =>
        Task.FromResult<(TRow Row, long Version)?>(_rows.TryGetValue(key, out var row) ? row : null);

    public Task<List<TRow>> Rows() => Task.FromResult(_rows.Values.Select(r => r.Row).ToList());

    public Task Remove(Guid key)
    {
        _rows.Remove(key);
        return Task.CompletedTask;
    }

    public Task Clear()
    {
        _rows.Clear();
        return Task.CompletedTask;
    }
}
