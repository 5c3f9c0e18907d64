using System.Collections.Concurrent;

namespace Marketplace.Grains.Payments.Storage;

/// <summary>For the in-memory profile: kept as JSON so callers can never share a live instance with the store.</summary>
public sealed class InMemoryPaymentRecordStore : IPaymentRecordStore
{
    private readonly ConcurrentDictionary<Guid, (long Version, Guid OrderId, string Json)> _records = new();

    public Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryGetValue(paymentId, out var stored) ? PaymentRecordJson.Deserialize(stored.Json, stored.Version) : null);

    public Task Save(PaymentRecord record, CancellationToken cancellationToken = default)
    {
        var next = (record.Version + 1, record.OrderId, PaymentRecordJson.Serialize(record));
        var saved = record.Version == 0
            ? _records.TryAdd(record.PaymentId, next)
            : _records.TryGetValue(record.PaymentId, out var current) && current.Version == record.Version
              && _records.TryUpdate(record.PaymentId, next, current);
        if (!saved)
        {
            throw new PaymentRecordConflictException(record.PaymentId, record.Version);
        }
        record.Version++;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PaymentRecord>>(_records.Values
            .Where(r => r.OrderId == orderId)
            .Select(r => PaymentRecordJson.Deserialize(r.Json, r.Version))
            .OrderBy(r => r.CreatedAt)
            .ToList());
}
