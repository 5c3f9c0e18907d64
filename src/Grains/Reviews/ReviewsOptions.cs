using Marketplace.Grains.Common;

namespace Marketplace.Grains.Reviews;

/// <summary>Bound from the <c>Reviews</c> section.</summary>
public sealed class ReviewsOptions
{
    public const string SectionName = "Reviews";

    public DocumentStoreKind Store { get; set; } = DocumentStoreKind.Auto;

    /// <summary>PostgreSQL database of the reviews store; defaults to the silo's <c>Storage:Stores:reviews</c>, then <c>Storage:Postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>MongoDB URL of the reviews store, for instance <c>mongodb://127.0.0.1:27017/marketplace</c> (the database is taken from the URL).</summary>
    public string? MongoConnectionString { get; set; }

    public ModerationOptions Moderation { get; set; } = new();
}

/// <summary>The review-only rules of the automatic moderation (<c>Reviews:Moderation</c>); banned words are shared (<c>Moderation:BannedWords</c>).</summary>
public sealed class ModerationOptions
{
    /// <summary>A review with fewer words than this is held for an operator: it may say nothing about the product.</summary>
    public int MinWords { get; set; } = 3;

    /// <summary>A review whose letters are at least this share capitals (with at least <see cref="ShoutingMinLetters"/> letters) is held as shouting.</summary>
    public double ShoutingShare { get; set; } = 0.7;

    public int ShoutingMinLetters { get; set; } = 20;
}
