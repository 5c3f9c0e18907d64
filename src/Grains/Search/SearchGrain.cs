using Marketplace.Common;
using Marketplace.Search;
using Orleans.Concurrency;

namespace Marketplace.Grains.Search;

/// <summary>Validates a shopper's query and asks the index; a stateless worker, so searches scale with the silos' cores.</summary>
[StatelessWorker]
public sealed class SearchGrain(ISearchIndex index) : Grain, ISearchGrain
{
    public Task<ProductSearchResult> SearchProducts(ProductSearchQuery query)
    {
        var errors = PagingErrors(query.Text, query.Page, query.PageSize);
        if (query.MinPrice < 0)
        {
            errors["minPrice"] = ["The minimum price must not be negative."];
        }
        if (query.MaxPrice < 0)
        {
            errors["maxPrice"] = ["The maximum price must not be negative."];
        }
        if (query.MinPrice > query.MaxPrice)
        {
            errors["minPrice"] = ["The minimum price must not exceed the maximum price."];
        }
        ThrowIfAny(errors);
        return index.SearchProductsAsync(query);
    }

    public Task<SellerSearchResult> SearchSellers(SellerSearchQuery query)
    {
        ThrowIfAny(PagingErrors(query.Text, query.Page, query.PageSize));
        return index.SearchSellersAsync(query);
    }

    private static Dictionary<string, string[]> PagingErrors(string? text, int page, int pageSize)
    {
        var errors = Paging.Errors(page, pageSize);
        if (text?.Length > SearchLimits.MaxTextLength)
        {
            errors["q"] = [$"The search text is at most {SearchLimits.MaxTextLength} characters."];
        }
        if (errors.Count == 0 && (long)page * pageSize > SearchLimits.MaxResultWindow)
        {
            errors["page"] = [$"Results beyond the first {SearchLimits.MaxResultWindow} are not served; narrow the search."];
        }
        return errors;
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
