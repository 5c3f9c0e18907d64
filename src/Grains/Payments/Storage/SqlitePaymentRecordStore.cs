using Microsoft.Data.Sqlite;

namespace Marketplace.Grains.Payments.Storage;

/// <summary>
/// Payment records in the <c>payment_records</c> table of the single-machine SQLite database (migration
/// Sqlite/0400): the document as JSON text plus the columns it is queried by.
/// </summary>
public sealed class SqlitePaymentRecordStore(string connectionString) : IPaymentRecordStore
{
    public async Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT record, version FROM payment_records WHERE payment_id = @paymentId", ("paymentId", paymentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PaymentRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)) : null;
    }

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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, record.Version == 0 ? insert : update,
            ("paymentId", record.PaymentId), ("orderId", record.OrderId), ("status", record.Status.ToString()),
            ("record", PaymentRecordJson.Serialize(record)), ("updatedAt", record.UpdatedAt), ("version", record.Version));
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new PaymentRecordConflictException(record.PaymentId, record.Version);
        }
        record.Version++;
    }

    public async Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT record, version FROM payment_records WHERE order_id = @orderId ORDER BY json_extract(record, '$.createdAt'), payment_id",
            ("orderId", orderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<PaymentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(PaymentRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)));
        }
        return records;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
