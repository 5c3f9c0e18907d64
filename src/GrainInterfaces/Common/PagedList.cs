namespace Marketplace.Common;

/// <summary>
/// One page of a list (pages are numbered from 1) and the length of the whole list. Lists read from a projection
/// table also name <see cref="Next"/>, the cursor of the page after this one (pass it as <c>after</c>; null on the last
/// page): a keyset page costs the same however deep it is and does not shift when rows are added in front of it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PagedList<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total,
    [property: Id(4)] string? Next = null);

public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// The deepest page served. Bounding it keeps every store's offset, <c>(page - 1) * pageSize</c>, far inside an
    /// int (page 2147483647 used to wrap into a negative SQL OFFSET), while still letting a job walk a million entries.
    /// </summary>
    public const int MaxPage = 10_000;

    /// <summary>Cuts one page out of an ordered list; a page or page size out of range is a ValidationException naming the field.</summary>
    public static PagedList<T> ToPage<T>(this IEnumerable<T> ordered, int page, int pageSize)
    {
        Validate(page, pageSize);
        var all = ordered.ToList();
        var skip = (long)(page - 1) * pageSize;
        var items = skip >= all.Count ? [] : all.Skip((int)skip).Take(pageSize).ToList();
        return new PagedList<T>(items, page, pageSize, all.Count);
    }

    /// <summary>For lists paged by their store: a page or page size out of range is a ValidationException naming the field.</summary>
    public static void Validate(int page, int pageSize)
    {
        var errors = Errors(page, pageSize);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    /// <summary>What is wrong with a page and page size, by field; empty when both are in range. For callers that collect more errors.</summary>
    public static Dictionary<string, string[]> Errors(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage) errors["page"] = [$"Pages are numbered 1 to {MaxPage}."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"The page size is 1 to {MaxPageSize}."];
        return errors;
    }
}
