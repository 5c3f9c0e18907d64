using Marketplace.Grains.Payments.Storage;
using Marketplace.Payments;
using Marketplace.Persistence;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using Npgsql;

namespace Marketplace.Tests.Payments;

/// <summary>What every payments store must do, run against each implementation.</summary>
public abstract class PaymentRecordStoreContract
{
    protected abstract Task<IPaymentRecordStore> Store();

    private static PaymentRecord NewRecord(Guid? orderId = null, DateTimeOffset? createdAt = null)
    {
        var at = createdAt ?? DateTimeOffset.UtcNow;
        var paymentId = Guid.NewGuid();
        return new PaymentRecord
        {
            PaymentId = paymentId,
            OrderId = orderId ?? Guid.NewGuid(),
            ShopperId = Guid.NewGuid(),
            AmountMinor = 1_234_567_890_123,
            Currency = "RUB",
            PaymentMethod = "pm_card_visa",
            CreatedAt = at,
            UpdatedAt = at,
            Operations = { new PaymentOperationRecord { OperationId = paymentId, Kind = PaymentOperationKind.Authorise, AmountMinor = 1_234_567_890_123, RequestedAt = at } },
        };
    }

    [StoreFact]
    public async Task A_saved_record_reads_back_whole_with_its_version()
    {
        var store = await Store();
        var record = NewRecord();
        await store.Save(record);
        Assert.Equal(1, record.Version);

        record.Status = PaymentStatus.Authorised;
        record.GatewayAuthorizationId = "auth_1";
        record.Operations[0].Status = PaymentOperationStatus.Succeeded;
        record.Operations[0].Attempts = 2;
        record.Operations.Add(new PaymentOperationRecord
        {
            OperationId = Guid.NewGuid(), Kind = PaymentOperationKind.Capture, AmountMinor = 99, RequestedAt = record.CreatedAt,
            Error = "http_503", NextAttemptAt = record.CreatedAt.AddSeconds(5),
        });
        await store.Save(record);

        var read = await store.Find(record.PaymentId);
        Assert.NotNull(read);
        Assert.Equal(2, read.Version);
        Assert.Equal(PaymentRecordJson.Serialize(record), PaymentRecordJson.Serialize(read));
        Assert.Equal(record.ToView() with { Operations = [] }, read.ToView() with { Operations = [] });
        Assert.Equal(record.ToView().Operations, read.ToView().Operations);
    }

    [StoreFact]
    public async Task A_missing_record_is_null()
    {
        Assert.Null(await (await Store()).Find(Guid.NewGuid()));
    }

    [StoreFact]
    public async Task A_save_based_on_a_stale_read_is_refused_and_changes_nothing()
    {
        var store = await Store();
        var record = NewRecord();
        await store.Save(record);
        var first = (await store.Find(record.PaymentId))!;
        var second = (await store.Find(record.PaymentId))!;

        first.Status = PaymentStatus.Authorised;
        await store.Save(first);
        second.Status = PaymentStatus.Declined;
        await Assert.ThrowsAsync<PaymentRecordConflictException>(() => store.Save(second));

        Assert.Equal(PaymentStatus.Authorised, (await store.Find(record.PaymentId))!.Status);
    }

    [StoreFact]
    public async Task Only_one_of_two_racing_first_saves_wins()
    {
        var store = await Store();
        var record = NewRecord();
        var twin = PaymentRecordJson.Deserialize(PaymentRecordJson.Serialize(record), 0);

        var results = await Task.WhenAll(new[] { record, twin }.Select(async r =>
        {
            try
            {
                await store.Save(r);
                return true;
            }
            catch (PaymentRecordConflictException)
            {
                return false;
            }
        }));

        Assert.Single(results, won => won);
    }

    [StoreFact]
    public async Task The_payments_of_an_order_are_found_oldest_first()
    {
        var store = await Store();
        var orderId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var later = NewRecord(orderId, start.AddMinutes(1));
        var earlier = NewRecord(orderId, start);
        await store.Save(later);
        await store.Save(earlier);
        await store.Save(NewRecord());

        var found = await store.FindByOrder(orderId);

        Assert.Equal([earlier.PaymentId, later.PaymentId], found.Select(r => r.PaymentId));
    }
}

public sealed class PostgresPaymentRecordStoreTests : PaymentRecordStoreContract, IAsyncLifetime
{
    private string _database = null!;
    private NpgsqlDataSource? _dataSource;

    public async Task InitializeAsync()
    {
        _database = TestStores.NewPostgresDatabase("payments");
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync([RelationalDatabase.Postgres(_database)]);
        _dataSource = NpgsqlDataSource.Create(_database);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    protected override Task<IPaymentRecordStore> Store() => Task.FromResult<IPaymentRecordStore>(new PostgresPaymentRecordStore(_dataSource!));
}

/// <summary>The Sqlite profile's store, on a migrated file of its own (SQLite is in-process: it runs everywhere).</summary>
public sealed class SqlitePaymentRecordStoreTests(SqliteDatabaseFile database) : PaymentRecordStoreContract, IClassFixture<SqliteDatabaseFile>
{
    protected override Task<IPaymentRecordStore> Store() => Task.FromResult<IPaymentRecordStore>(new SqlitePaymentRecordStore(database.Documents));
}

public sealed class InMemoryPaymentRecordStoreTests : PaymentRecordStoreContract
{
    protected override Task<IPaymentRecordStore> Store() => Task.FromResult<IPaymentRecordStore>(new InMemoryPaymentRecordStore());
}

/// <summary>Runs only where a MongoDB server is configured (MARKETPLACE_MONGODB, e.g. mongodb://127.0.0.1:27017/marketplace_test).</summary>
[RequiresStore(Variable)]
public sealed class MongoPaymentRecordStoreTests : PaymentRecordStoreContract
{
    private const string Variable = "MARKETPLACE_MONGODB";

    protected override Task<IPaymentRecordStore> Store()
    {
        var url = MongoUrl.Create(TestStores.Optional(Variable)!);
        var database = new MongoClient(url).GetDatabase(url.DatabaseName ?? "marketplace_test");
        return Task.FromResult<IPaymentRecordStore>(new MongoPaymentRecordStore(database, $"payments_{Guid.NewGuid():N}"));
    }
}
