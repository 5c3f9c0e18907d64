using Marketplace.Common;
using Marketplace.Recommendations;

namespace Marketplace.Grains.Recommendations;

internal static class Paging
{
    public static void Validate(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }
        if (pageSize is < 1 or > RecommendationPaging.MaxPageSize)
        {
            errors["pageSize"] = [$"The page size is 1 to {RecommendationPaging.MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    public static RecommendationPage PageOf(IReadOnlyList<Recommendation> ranked, int page, int pageSize, RecommendationSource source) =>
        new(ranked.Skip((int)Math.Min((long)(page - 1) * pageSize, ranked.Count)).Take(pageSize).ToList(), page, pageSize, ranked.Count, source);
}
