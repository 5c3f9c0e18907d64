using Marketplace.Grains.Reviews.Storage;
using Marketplace.Persistence;
using Marketplace.Reviews;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using Npgsql;

namespace Marketplace.Tests.Reviews;

/// <summary>What every reviews store must do, run against each implementation.</summary>
public abstract class ReviewStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract IReviewStore Store { get; }

    private static ReviewRecord NewRecord(Guid? productId = null, Guid? authorId = null, int stars = 4, ReviewStatus status = ReviewStatus.Pending,
        int minutes = 0) => new()
    {
        ReviewId = Guid.NewGuid(),
        ProductId = productId ?? Guid.NewGuid(),
        AuthorId = authorId ?? Guid.NewGuid(),
        Stars = stars,
        Text = "Boils a litre in two minutes — «тихий» и быстрый.",
        Pros = "Quiet",
        Status = status,
        CreatedAt = Start.AddMinutes(minutes),
        UpdatedAt = Start.AddMinutes(minutes),
        PublishedAt = status == ReviewStatus.Published ? Start.AddMinutes(minutes) : null,
    };

    private async Task<ReviewRecord> Saved(ReviewRecord record)
    {
        await Store.Save(record);
        return record;
    }

    [StoreFact]
    public async Task A_saved_review_reads_back_whole_with_its_version()
    {
        var record = await Saved(NewRecord());
        Assert.Equal(1, record.Version);

        record.Status = ReviewStatus.Rejected;
        record.StatusReason = "Reviews may not contain links or web addresses.";
        record.Cons = null;
        record.UpdatedAt = Start.AddHours(1);
        await Store.Save(record);

        var read = await Store.Find(record.ReviewId);
        Assert.NotNull(read);
        Assert.Equal(2, read.Version);
        Assert.Equal(record.ToView(), read.ToView());
    }

    [StoreFact]
    public async Task A_missing_review_is_null()
    {
        Assert.Null(await Store.Find(Guid.NewGuid()));
    }

    [StoreFact]
    public async Task A_save_based_on_a_stale_read_is_refused_and_changes_nothing()
    {
        var record = await Saved(NewRecord());
        var first = (await Store.Find(record.ReviewId))!;
        var second = (await Store.Find(record.ReviewId))!;

        first.Stars = 5;
        await Store.Save(first);
        second.Stars = 1;
        await Assert.ThrowsAsync<ReviewRecordConflictException>(() => Store.Save(second));

        Assert.Equal(5, (await Store.Find(record.ReviewId))!.Stars);
    }

    [StoreFact]
    public async Task Only_one_of_two_racing_first_saves_wins()
    {
        var record = NewRecord();
        var twin = record.Copy();

        var results = await Task.WhenAll(new[] { record, twin }.Select(async r =>
        {
            try
            {
                await Store.Save(r);
                return true;
            }
            catch (ReviewRecordConflictException)
            {
                return false;
            }
        }));

        Assert.Single(results, won => won);
    }

    [StoreFact]
    public async Task Every_stored_review_is_among_the_ids_a_check_walks()
    {
        var saved = new[] { await Saved(NewRecord(status: ReviewStatus.Published)), await Saved(NewRecord()) };

        var ids = new HashSet<Guid>();
        await foreach (var id in Store.ReviewIdsAsync())
        {
            Assert.True(ids.Add(id), $"review {id} walked twice");
        }

        Assert.Superset(saved.Select(r => r.ReviewId).ToHashSet(), ids);
    }
}

public sealed class PostgresReviewStoreTests : ReviewStoreContract, IClassFixture<PostgresReviewStoreTests.Database>
{
    private readonly Database _database;

    public PostgresReviewStoreTests(Database database) => _database = database;

    protected override IReviewStore Store => new PostgresReviewStore(_database.DataSource);

    /// <summary>One migrated database for the class: each test works on reviews of its own.</summary>
    public sealed class Database : IAsyncLifetime
    {
        public NpgsqlDataSource DataSource { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var connectionString = TestStores.NewPostgresDatabase("reviews");
            await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync([RelationalDatabase.Postgres(connectionString)]);
            DataSource = NpgsqlDataSource.Create(connectionString);
        }

        public async Task DisposeAsync() => await DataSource.DisposeAsync();
    }
}

/// <summary>The Sqlite profile's store, on a migrated file of its own (SQLite is in-process: it runs everywhere).</summary>
public sealed class SqliteReviewStoreTests(SqliteDatabaseFile database) : ReviewStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override IReviewStore Store => new SqliteReviewStore(database.Documents);
}

[Collection(InMemoryClusterCollection.Name)]
public sealed class InMemoryReviewStoreTests(InMemoryCluster cluster) : ReviewStoreContract
{
    protected override IReviewStore Store { get; } = new InMemoryReviewStore(cluster.Grains);
}

/// <summary>Runs only where a MongoDB server is configured (MARKETPLACE_MONGODB, e.g. mongodb://127.0.0.1:27017/marketplace_test).</summary>
[RequiresStore(Variable)]
public sealed class MongoReviewStoreTests : ReviewStoreContract
{
    private const string Variable = "MARKETPLACE_MONGODB";
    private IReviewStore? _store;

    protected override IReviewStore Store => _store ??= Connect();

    private static MongoReviewStore Connect()
    {
        var url = MongoUrl.Create(TestStores.Optional(Variable)!);
        return new MongoReviewStore(new MongoClient(url).GetDatabase(url.DatabaseName ?? "marketplace_test"), $"reviews_{Guid.NewGuid():N}");
    }
}
