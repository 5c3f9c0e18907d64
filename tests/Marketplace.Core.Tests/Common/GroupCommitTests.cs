using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Catalog;
using Marketplace.Grains.Common;
using State = Marketplace.Grains.Catalog.InventoryGrain.InventoryState;

namespace Marketplace.Core.Tests.Common;

/// <summary>
/// Group commit without a grain, on one thread as a grain activation runs: a store whose writes the test completes or
/// fails by hand, so it sees which changes ride on which write and that nothing is acknowledged before its write is done.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public void Changes_made_while_a_write_is_in_flight_share_the_next_write_and_wait_for_it() => OneThread.Run(async () =>
    {
        var current = 0;
        var store = new HandStore<int>(() => current);
        var commit = new GroupCommit(store.Write);

        current = 1;
        var first = commit.Changed();
        var later = new List<Task>();
        for (var i = 2; i <= 50; i++)
        {
            current = i;
            later.Add(commit.Changed());
        }

        Assert.False(first.IsCompleted);
        await store.Succeed(commit);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.All(later, t => Assert.False(t.IsCompleted, "acknowledged before its write"));
        Assert.False(commit.Stored.IsCompleted);

        await store.Succeed(commit);
        await Task.WhenAll(later);
        Assert.Equal([1, 50], store.Written);
        Assert.Equal(1, store.MostInFlight);
        Assert.True(commit.Stored.IsCompletedSuccessfully);
    });

    [Fact]
    public void A_failed_write_fails_its_changes_and_those_decided_while_it_ran_and_the_next_change_writes_again() => OneThread.Run(async () =>
    {
        var current = 0;
        var store = new HandStore<int>(() => current);
        var commit = new GroupCommit(store.Write);

        var failing = commit.Changed();
        var decidedMeanwhile = commit.Changed();
        var waitingForStorage = commit.Stored;
        await store.Fail(commit);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Assert.ThrowsAsync<InvalidOperationException>(() => decidedMeanwhile);
        await Assert.ThrowsAsync<InvalidOperationException>(() => waitingForStorage);
        Assert.Empty(store.Written);
        Assert.True(commit.Stored.IsCompletedSuccessfully, "nothing waits for a write after the failure");

        current = 7;
        var retried = commit.Changed();
        await store.Succeed(commit);
        await retried;
        Assert.Equal([7], store.Written);
    });

    [Fact]
    public void Stored_waits_for_the_write_in_flight_and_is_done_at_once_when_nothing_is_pending() => OneThread.Run(async () =>
    {
        var store = new HandStore<int>(() => 1);
        var commit = new GroupCommit(store.Write);
        Assert.True(commit.Stored.IsCompletedSuccessfully);

        var changed = commit.Changed();
        var stored = commit.Stored;
        Assert.False(stored.IsCompleted);
        await store.Succeed(commit);
        await Task.WhenAll(changed, stored);
    });

    [Fact]
    public void A_flash_sale_decided_in_batches_sells_exactly_the_stock_and_stores_what_it_acknowledged() => OneThread.Run(async () =>
    {
        const int units = 1_000;
        var current = new State();
        InventoryCore.Apply(current, new OnHandSet(units), rememberedCommits: 256);
        var store = new HandStore<State>(current.Copy);
        var commit = new GroupCommit(store.Write);

        var acknowledged = new List<Task>();
        var refused = 0;
        for (var shopper = 1; shopper <= 1_500; shopper++)
        {
            try
            {
                foreach (var happened in InventoryCore.Decide(current, "SKU-1", new ReserveStock(Guid.NewGuid(), 1)))
                {
                    InventoryCore.Apply(current, happened, rememberedCommits: 256);
                }
                acknowledged.Add(commit.Changed());
            }
            catch (ConflictException)
            {
                refused++;
            }
            if (shopper % 100 == 0 && store.Open > 0)
            {
                // A write finishes now and then while shoppers keep coming.
                await store.Succeed(commit);
            }
        }
        while (store.Open > 0)
        {
            await store.Succeed(commit);
        }
        await Task.WhenAll(acknowledged);

        Assert.Equal((units, 500), (acknowledged.Count, refused));
        Assert.Equal(new StockLevel(units, units), InventoryCore.Level(store.Written[^1]));
        Assert.InRange(store.Written.Count, 2, 16);
    });

    /// <summary>A store that holds each write open until the test ends it, and records the snapshot each write carried.</summary>
    private sealed class HandStore<T>(Func<T> snapshot)
    {
        private readonly Queue<TaskCompletionSource> _open = new();
        private int _inFlight;

        public List<T> Written { get; } = [];
        public int MostInFlight { get; private set; }
        public int Open => _open.Count;

        public async Task Write()
        {
            var carried = snapshot();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open.Enqueue(done);
            MostInFlight = Math.Max(MostInFlight, ++_inFlight);
            try
            {
                await done.Task;
                Written.Add(carried);
            }
            finally
            {
                _inFlight--;
            }
        }

        public Task Succeed(GroupCommit commit) => End(commit, w => w.SetResult());

        public Task Fail(GroupCommit commit) => End(commit, w => w.SetException(new InvalidOperationException("the store refused the write")));

        /// <summary>Ends the oldest write and lets the commit react: start the next write, or find nothing pending.</summary>
        private async Task End(GroupCommit commit, Action<TaskCompletionSource> end)
        {
            end(_open.Dequeue());
            // Done when the ended write has returned and the commit has either started the next write or has nothing pending.
            while (_inFlight > _open.Count || (_open.Count == 0 && !commit.Stored.IsCompleted))
            {
                await Task.Yield();
            }
        }
    }
}
