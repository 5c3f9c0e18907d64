using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Grains.Payments.Storage;

/// <summary>Payment records in the <c>payment_records</c> table (migration 0400): the document as jsonb plus the columns it is queried by.</summary>
public sealed class PostgresPaymentRecordStore(NpgsqlDataSource dataSource) : IPaymentRecordStore
{
    public async Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT record::text, version FROM payment_records WHERE payment_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = paymentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PaymentRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)) : null;
    }

    public async Task Save(PaymentRecord record, CancellationToken cancellationToken = default)
    {
        const string insert = """
            INSERT INTO payment_records (payment_id, order_id, status, version, record, updated_at)
            VALUES ($1, $2, $3, 1, $4, $5)
            ON CONFLICT (payment_id) DO NOTHING
            """;
        const string update = """
            UPDATE payment_records SET status = $3, version = version + 1, record = $4, updated_at = $5
             WHERE payment_id = $1 AND order_id = $2 AND version = $6
            """;
        await using var command = dataSource.CreateCommand(record.Version == 0 ? insert : update);
        command.Parameters.Add(new NpgsqlParameter { Value = record.PaymentId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.OrderId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Status.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = PaymentRecordJson.Serialize(record), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = record.UpdatedAt });
        if (record.Version != 0)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = record.Version });
        }
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new PaymentRecordConflictException(record.PaymentId, record.Version);
        }
        record.Version++;
    }

    public async Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT record::text, version FROM payment_records WHERE order_id = $1 ORDER BY record->>'createdAt', payment_id");
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<PaymentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(PaymentRecordJson.Deserialize(reader.GetString(0), reader.GetInt64(1)));
        }
        return records;
    }
}
