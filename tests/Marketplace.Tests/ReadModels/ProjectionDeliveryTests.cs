using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.ReadModels;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using System.Diagnostics.Metrics;

namespace Marketplace.Tests.ReadModels;

/// <summary>A delivery is retried with back-off until it succeeds, or parked as a dead letter; never dropped.</summary>
public sealed class ProjectionDeliveryTests
{
    private static readonly ProjectionOptions Quick = new()
    {
        RetryBudget = TimeSpan.FromMilliseconds(500),
        FirstRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task A_failing_delivery_is_retried_until_it_succeeds_and_nothing_is_parked()
    {
        var deadLetters = new InMemoryDeadLetterStore();
        var projection = new FlakyProjection(failures: 3);

        await Delivery(deadLetters).DeliverAsync(projection, Envelope());

        Assert.Equal(4, projection.Attempts);
        Assert.Equal(1, projection.Applied);
        Assert.Equal(0, await deadLetters.CountAsync(default));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_or_hangs_is_parked_with_its_envelope_and_error()
    {
        var deadLetters = new InMemoryDeadLetterStore();
        var envelope = Envelope();

        await Delivery(deadLetters).DeliverAsync(new FlakyProjection(failures: int.MaxValue), envelope);
        await Delivery(deadLetters).DeliverAsync(new HangingProjection(), Envelope());

        Assert.Equal(2, await deadLetters.CountAsync(default));
        var parked = (await deadLetters.ListAsync(1, 10, null, default)).Items.Single(l => l.EventId == envelope.EventId);
        Assert.Equal("flaky", parked.Projection);
        Assert.True(parked.Attempts > 1, $"{parked.Attempts} attempts");
        Assert.Contains("store unavailable", parked.Error);
        Assert.Equal(envelope, (await deadLetters.FindAsync(parked.Id, default))!.Envelope);
    }

    internal static ProjectionDelivery Delivery(IDeadLetterStore deadLetters) =>
        new(deadLetters, Options.Create(Quick), TimeProvider.System, new ProjectionMetrics(Meters()), NullLogger<ProjectionDelivery>.Instance);

    private static IMeterFactory Meters() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    internal static EventEnvelope Envelope()
    {
        var now = DateTimeOffset.UtcNow;
        var product = new ProductSnapshot(Guid.NewGuid(), Guid.NewGuid(), "Lamp", "Warm light", "home/lighting", "Acme",
            new Dictionary<string, string>(), ProductStatus.Published, [new ProductVariant("LAMP-1", new Dictionary<string, string>(), 100m, "RUB", 3)],
            ["media:lamp"], 2, now, now, now);
        return EventEnvelope.Wrap(product.ProductId.ToString(), new ProductChanged(product, ProductChangeKind.Published, now.UtcTicks), now);
    }

    private sealed class FlakyProjection(int failures) : IReadModelProjection
    {
        public int Attempts { get; private set; }
        public int Applied { get; private set; }

        public string Name => "flaky";

        public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Products];

        public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            if (++Attempts <= failures)
            {
                throw new InvalidOperationException("store unavailable");
            }
            Applied++;
            return Task.CompletedTask;
        }
    }

    private sealed class HangingProjection : IReadModelProjection
    {
        public string Name => "hanging";

        public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Products];

        public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>What every dead-letter store must do.</summary>
public abstract class DeadLetterStoreContract
{
    protected abstract IDeadLetterStore Store { get; }

    [Fact]
    public async Task A_parked_delivery_lists_reads_back_counts_its_attempts_and_goes_when_removed()
    {
        var envelope = ProjectionDeliveryTests.Envelope();
        var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var before = await Store.CountAsync(default);

        await Store.ParkAsync("catalog-listings", envelope, 5, "timeout", at, default);
        await Store.ParkAsync("catalog-listings", envelope, 1, "still down", at.AddMinutes(1), default);

        Assert.Equal(before + 1, await Store.CountAsync(default));
        var letter = (await Store.FindAsync(DeadLetterIds.For("catalog-listings", envelope.EventId), default))!;
        Assert.Equal(envelope.EventId, letter.Envelope.EventId);
        Assert.Equal(((ProductChanged)envelope.Data).Sequence, Assert.IsType<ProductChanged>(letter.Envelope.Data).Sequence);
        Assert.Equal(6, letter.View.Attempts);
        Assert.Equal("still down", letter.View.Error);
        Assert.Equal(at, letter.View.FirstFailedAt);
        Assert.Equal(at.AddMinutes(1), letter.View.LastFailedAt);
        Assert.Equal(envelope.AggregateId, letter.View.AggregateId);
        Assert.Equal(nameof(ProductChanged), letter.View.EventType);
        Assert.Contains((await Store.ListAsync(1, 100, null, default)).Items, v => v.Id == letter.View.Id);

        await Store.RemoveAsync(letter.View.Id, default);
        Assert.Null(await Store.FindAsync(letter.View.Id, default));
        Assert.Equal(before, await Store.CountAsync(default));
    }

    [Fact]
    public async Task Keyset_pages_walk_the_letters_oldest_first_as_numbered_pages_do_and_a_foreign_cursor_is_refused()
    {
        var at = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
        var parked = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            // Three letters share their first failure, so the id breaks the tie.
            var envelope = ProjectionDeliveryTests.Envelope();
            await Store.ParkAsync("catalog-listings", envelope, 1, "timeout", at.AddMinutes(Math.Max(0, i - 2)), default);
            parked.Add(DeadLetterIds.For("catalog-listings", envelope.EventId));
        }

        var total = await Store.CountAsync(default);
        var numbered = new List<DeadLetterView>();
        for (var page = 1; page <= (total + 2) / 3; page++)
        {
            numbered.AddRange((await Store.ListAsync(page, 3, null, default)).Items);
        }
        var keyset = new List<DeadLetterView>();
        string? after = null;
        do
        {
            var page = await Store.ListAsync(1, 3, after, default);
            Assert.Equal(total, page.Total);
            keyset.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(numbered.Select(v => v.Id), keyset.Select(v => v.Id));
        Assert.Equal(parked.Order(), keyset.Select(v => v.Id).Where(parked.Contains).Order());
        Assert.Equal(keyset.Count, keyset.Select(v => v.Id).Distinct().Count());
        Assert.Equal(keyset.Select(v => v.FirstFailedAt).Order(), keyset.Select(v => v.FirstFailedAt));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Store.ListAsync(1, 3, "not a cursor", default));
        Assert.Contains("after", refused.Errors.Keys);
        foreach (var id in parked)
        {
            await Store.RemoveAsync(id, default);
        }
    }

    internal static Serializer Serializer() =>
        new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(EventEnvelope).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();
}

public sealed class PostgresDeadLetterStoreTests(PostgresDatabase database) : DeadLetterStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IDeadLetterStore Store { get; } = new SqlDeadLetterStore(ReadModelDatabase.Postgres(database.ConnectionString), Serializer());
}

public sealed class SqliteDeadLetterStoreTests(SqliteDatabaseFile database) : DeadLetterStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IDeadLetterStore Store { get; } = new SqlDeadLetterStore(ReadModelDatabase.Sqlite(database.ConnectionString), Serializer());
}

public sealed class InMemoryDeadLetterStoreTests : DeadLetterStoreContract
{
    protected override IDeadLetterStore Store { get; } = new InMemoryDeadLetterStore();
}
