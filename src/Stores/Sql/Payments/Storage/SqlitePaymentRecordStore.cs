using Marketplace.Grains.Common;
using Microsoft.Data.Sqlite;

namespace Marketplace.Grains.Payments.Storage;

/// <summary>
/// Payment records in the <c>payment_records</c> table of the Sqlite profile's database (migration Sqlite/0400):
/// the document as JSON text plus the columns it is queried by.
/// </summary>
public sealed class SqlitePaymentRecordStore(SqliteDocuments database) : IPaymentRecordStore
{
    public async Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT record, version FROM payment_records WHERE payment_id = @paymentId", Read, cancellationToken,
            ("paymentId", paymentId))).SingleOrDefault();

    public async Task Save(PaymentRecord record, CancellationToken cancellationToken = default)
    {
        const string insert = """
            INSERT INTO payment_records (payment_id, order_id, status, version, record, updated_at)
            VALUES (@paymentId, @orderId, @status, 1, @record, @updatedAt)
            ON CONFLICT (payment_id) DO NOTHING
            """;
        const string update = """
            UPDATE payment_records SET status = @status, version = version + 1, record = @record, updated_at = @updatedAt
             WHERE payment_id = @paymentId AND order_id = @orderId AND version = @version
            """;
        var saved = await database.ExecuteAsync(record.Version == 0 ? insert : update, cancellationToken,
            ("paymentId", record.PaymentId), ("orderId", record.OrderId), ("status", record.Status.ToString()),
            ("record", PaymentRecordJson.Serialize(record)), ("updatedAt", record.UpdatedAt), ("version", record.Version));
        if (saved != 1)
        {
            throw new PaymentRecordConflictException(record.PaymentId, record.Version);
        }
        record.Version++;
    }

    public async Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            "SELECT record, version FROM payment_records WHERE order_id = @orderId ORDER BY json_extract(record, '$.createdAt'), payment_id",
            Read, cancellationToken, ("orderId", orderId));

    private static PaymentRecord Read(SqliteDataReader reader) =>
        PaymentRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1));
}
