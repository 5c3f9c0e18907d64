using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>
/// Which rows each list of reviews holds and in what order, for the SQL stores alike; <c>key</c> is the store's
/// placeholder for the one parameter (<c>$1</c> on PostgreSQL, <c>@key</c> on SQLite).
/// </summary>
internal sealed record ReviewListQuery(string Where, string OrderBy)
{
    public static ReviewListQuery ByAuthor(string key) => new($"author_id = {key} AND status <> 'Removed'", "created_at DESC");

    public static ReviewListQuery ByStatus(string key) => new($"status = {key}", "updated_at");
}
