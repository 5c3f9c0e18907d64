using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// The shell of one variant's stock (<see cref="InventoryCore"/> decides). Every call is decided at once against the
/// stock in memory, one turn at a time, so racing orders never take more than is free; the grain is reentrant so that
/// the calls that arrive while a write is in flight are decided meanwhile and share the next write (<see cref="GroupCommit"/>):
/// a flash sale's thousands of reservations cost a write per batch, not one each. Nothing is acknowledged before the
/// write that holds it succeeds (a refusal or a repeat waits for the state it was decided on, too); a failed write fails
/// everything decided since the last one that succeeded and puts memory back to what the store holds. After each write
/// the product grain is told the stored level (the newest one, at the pace it takes them: <see cref="NewestReport{T}"/>),
/// which it writes with the availability shoppers see.
/// </summary>
[Reentrant]
public sealed class InventoryGrain : Grain, IInventoryGrain
{
    private readonly IPersistentState<InventoryState> _stored;
    private readonly IOptions<CatalogOptions> _options;
    private readonly GroupCommit _commit;
    private readonly NewestReport<(StockLevel Level, long Revision)> _report;

    // What the calls are decided on: the stored state plus the changes on their way to the store.
    private InventoryState _current = null!;
    private (Guid ProductId, string Sku)? _key;

    public InventoryGrain(
        [PersistentState("inventory", StorageNames.Products)] IPersistentState<InventoryState> stored,
        IOptions<CatalogOptions> options,
        ILogger<InventoryGrain> logger)
    {
        _stored = stored;
        _options = options;
        _commit = new GroupCommit(Write);
        // Not awaited by the calls: the product may be the caller (a seller's stock-take), waiting for this very answer.
        _report = new NewestReport<(StockLevel Level, long Revision)>(
            stored => GrainFactory.GetGrain<IProductGrain>(ProductId).OnStockChanged(Sku, stored.Level, stored.Revision),
            failure => logger.LogWarning(failure, "Telling product {Product} the stock of {Sku} failed; the next change tells it again", ProductId, Sku));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The stored state is read by now (not yet when the grain is constructed).
        _current = _stored.State;
        return Task.CompletedTask;
    }

    public async Task<StockLevel> Get()
    {
        var level = InventoryCore.Level(_current);
        await _commit.Stored;
        return level;
    }

    public Task<StockLevel> Reserve(Guid orderId, int quantity) => Handle(new ReserveStock(orderId, quantity));

    public Task<StockLevel> Commit(Guid orderId) => Handle(new CommitReservation(orderId));

    public Task<StockLevel> Release(Guid orderId) => Handle(new ReleaseReservation(orderId));

    public Task<StockLevel> Restock(Guid orderId, int quantity) => Handle(new RestockOrder(orderId, quantity));

    public Task<StockLevel> SetOnHand(int onHand) => Handle(new SetOnHand(onHand));

    public Task<StockLevel> Adjust(int delta, string operationId) => Handle(new AdjustStock(delta, operationId));

    private async Task<StockLevel> Handle(InventoryCommand command)
    {
        IReadOnlyList<InventoryEvent> events;
        try
        {
            events = InventoryCore.Decide(_current, Sku, command);
        }
        catch (ConflictException)
        {
            // Refused on what is in memory: said only once that is stored (a failed write fails the refusal too, and the caller retries).
            await _commit.Stored;
            throw;
        }
        foreach (var happened in events)
        {
            InventoryCore.Apply(_current, happened, _options.Value.Inventory.RememberedCommits);
        }
        var level = InventoryCore.Level(_current);
        await (events.Count == 0 ? _commit.Stored : _commit.Changed());
        return level;
    }

    /// <summary>Writes a copy of the current state: the calls decided during the write change the original, not what is being written.</summary>
    private async Task Write()
    {
        _stored.State = _current.Copy();
        try
        {
            await _stored.WriteStateAsync();
        }
        catch
        {
            // The grain storage's guard has read back what the store holds and deactivates the grain; until then calls see that.
            _current = _stored.State.Copy();
            DeactivateOnIdle();
            throw;
        }
        _report.Post((InventoryCore.Level(_stored.State), _stored.State.Revision));
    }

    private Guid ProductId => Key.ProductId;

    private string Sku => Key.Sku;

    private (Guid ProductId, string Sku) Key => _key ??= ParseKey(this.GetPrimaryKeyString());

    private static (Guid ProductId, string Sku) ParseKey(string key)
    {
        var slash = key.IndexOf('/');
        return (Guid.ParseExact(key[..slash], "N"), key[(slash + 1)..]);
    }

    [GenerateSerializer]
    public sealed class InventoryState
    {
        [Id(0)] public int OnHand { get; set; }
        [Id(1)] public Dictionary<Guid, int> Reservations { get; set; } = [];
        [Id(4)] public Queue<string> Adjustments { get; set; } = new();
        [Id(5)] public long Revision { get; set; }
        [Id(6)] public Queue<Guid> RecentCommits { get; set; } = new();

        public InventoryState Copy() => new()
        {
            OnHand = OnHand,
            Reservations = new Dictionary<Guid, int>(Reservations),
            Adjustments = new Queue<string>(Adjustments),
            Revision = Revision,
            RecentCommits = new Queue<Guid>(RecentCommits),
        };
    }
}
