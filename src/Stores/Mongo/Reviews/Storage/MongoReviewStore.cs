using System.Runtime.CompilerServices;
using Marketplace.Reviews;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Reviews in a MongoDB collection, as the original design has them: one document per review holding the record
/// (from the same JSON as every store) with the fields it is listed by, and the indexes those lists use (a product's
/// published reviews are the <c>reviews_by_product</c> read model instead).
/// </summary>
public sealed class MongoReviewStore : IReviewStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly SortDefinitionBuilder<BsonDocument> Sort = Builders<BsonDocument>.Sort;
    private readonly IMongoCollection<BsonDocument> _reviews;

    public MongoReviewStore(IMongoDatabase database, string collectionName = "reviews")
    {
        _reviews = database.GetCollection<BsonDocument>(collectionName);
        var keys = Builders<BsonDocument>.IndexKeys;
        _reviews.Indexes.CreateMany(
        [
            new CreateIndexModel<BsonDocument>(keys.Ascending("authorId").Descending("createdAt")),
            new CreateIndexModel<BsonDocument>(keys.Ascending("status").Ascending("updatedAt")),
        ]);
    }

    public async Task<ReviewRecord?> Find(Guid reviewId, CancellationToken cancellationToken = default)
    {
        var document = await _reviews.Find(ById(reviewId)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : FromDocument(document);
    }

    public async Task Save(ReviewRecord record, CancellationToken cancellationToken = default)
    {
        var document = ToDocument(record, record.Version + 1);
        if (record.Version == 0)
        {
            try
            {
                await _reviews.InsertOneAsync(document, cancellationToken: cancellationToken);
            }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new ReviewRecordConflictException(record.ReviewId, record.Version);
            }
        }
        else
        {
            var result = await _reviews.ReplaceOneAsync(ById(record.ReviewId) & Filter.Eq("version", record.Version), document,
                cancellationToken: cancellationToken);
            if (result.MatchedCount != 1)
            {
                throw new ReviewRecordConflictException(record.ReviewId, record.Version);
            }
        }
        record.Version++;
    }

    public async IAsyncEnumerable<Guid> ReviewIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var ids = await _reviews.Find(Filter.Empty).Project(Builders<BsonDocument>.Projection.Include("_id")).ToCursorAsync(cancellationToken);
        while (await ids.MoveNextAsync(cancellationToken))
        {
            foreach (var document in ids.Current)
            {
                yield return Guid.Parse(document["_id"].AsString);
            }
        }
    }

    private static FilterDefinition<BsonDocument> ById(Guid reviewId) => Filter.Eq("_id", reviewId.ToString());

    private static BsonDocument ToDocument(ReviewRecord record, long version) => new()
    {
        ["_id"] = record.ReviewId.ToString(),
        ["productId"] = record.ProductId.ToString(),
        ["authorId"] = record.AuthorId.ToString(),
        ["status"] = record.Status.ToString(),
        ["stars"] = record.Stars,
        ["createdAt"] = record.CreatedAt.UtcDateTime,
        ["updatedAt"] = record.UpdatedAt.UtcDateTime,
        ["publishedAt"] = record.PublishedAt is { } publishedAt ? publishedAt.UtcDateTime : BsonNull.Value,
        ["version"] = version,
        ["record"] = BsonDocument.Parse(ReviewRecordJson.Serialize(record)),
    };

    private static ReviewRecord FromDocument(BsonDocument document) =>
        ReviewRecordJson.Deserialize(document["record"].AsBsonDocument.ToJson(), document["version"].AsInt64);
}
