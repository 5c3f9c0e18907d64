using Marketplace.Common;

namespace Marketplace.Reviews;

/// <summary>Paged reads of the reviews (a stateless worker; key 0). Page sizes are 1 to <see cref="Paging.MaxPageSize"/>.</summary>
public interface IReviewQueries : IGrainWithIntegerKey
{
    /// <summary>A product's published reviews; <paramref name="after"/> = a page's <see cref="PagedList{T}.Next"/> (keyset paging).</summary>
    Task<PagedList<PublishedReview>> ForProduct(Guid productId, ReviewSort sort, int page, int pageSize, string? after = null,
        CancellationToken cancellationToken = default);

    /// <summary>A shopper's own reviews in every status but removed, newest written first; <paramref name="after"/> as above.</summary>
    Task<PagedList<ReviewView>> ByAuthor(Guid authorId, int page, int pageSize, string? after = null, CancellationToken cancellationToken = default);

    /// <summary>The operators' queue: held reviews, longest waiting first; <paramref name="after"/> as above.</summary>
    Task<PagedList<ReviewView>> Held(int page, int pageSize, string? after = null, CancellationToken cancellationToken = default);
}
