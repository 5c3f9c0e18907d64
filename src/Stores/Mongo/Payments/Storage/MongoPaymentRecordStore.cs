using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.Grains.Payments.Storage;

/// <summary>
/// Payment records in a MongoDB collection, as the original design has them: one document per payment holding the
/// record (from the same JSON as every store, so amounts stay exact integers) with the fields it is queried by.
/// </summary>
public sealed class MongoPaymentRecordStore : IPaymentRecordStore
{
    private readonly IMongoCollection<BsonDocument> _payments;

    public MongoPaymentRecordStore(IMongoDatabase database, string collectionName = "payments")
    {
        _payments = database.GetCollection<BsonDocument>(collectionName);
        _payments.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("orderId")));
    }

    public async Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default)
    {
        var document = await _payments.Find(ById(paymentId)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : FromDocument(document);
    }

    public async Task Save(PaymentRecord record, CancellationToken cancellationToken = default)
    {
        var document = ToDocument(record, record.Version + 1);
        if (record.Version == 0)
        {
            try
            {
                await _payments.InsertOneAsync(document, cancellationToken: cancellationToken);
            }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new PaymentRecordConflictException(record.PaymentId, record.Version);
            }
        }
        else
        {
            var filter = ById(record.PaymentId) & Builders<BsonDocument>.Filter.Eq("version", record.Version);
            var result = await _payments.ReplaceOneAsync(filter, document, cancellationToken: cancellationToken);
            if (result.MatchedCount != 1)
            {
                throw new PaymentRecordConflictException(record.PaymentId, record.Version);
            }
        }
        record.Version++;
    }

    public async Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default)
    {
        var documents = await _payments.Find(Builders<BsonDocument>.Filter.Eq("orderId", orderId.ToString()))
            .Sort(Builders<BsonDocument>.Sort.Ascending("createdAt").Ascending("_id"))
            .ToListAsync(cancellationToken);
        return documents.Select(FromDocument).ToList();
    }

    private static FilterDefinition<BsonDocument> ById(Guid paymentId) => Builders<BsonDocument>.Filter.Eq("_id", paymentId.ToString());

    private static BsonDocument ToDocument(PaymentRecord record, long version) => new()
    {
        ["_id"] = record.PaymentId.ToString(),
        ["orderId"] = record.OrderId.ToString(),
        ["status"] = record.Status.ToString(),
        ["createdAt"] = record.CreatedAt.UtcDateTime,
        ["version"] = version,
        ["record"] = BsonDocument.Parse(PaymentRecordJson.Serialize(record)),
    };

    private static PaymentRecord FromDocument(BsonDocument document) =>
        PaymentRecordJson.Deserialize(document["record"].AsBsonDocument.ToJson(), document["version"].AsInt64);
}
