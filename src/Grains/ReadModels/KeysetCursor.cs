using System.Text;
using System.Text.Json;
using Marketplace.Common;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The opaque <c>after</c>/<c>next</c> cursor of a keyset page: the sort keys of the page's last row, as URL-safe
/// base64 of JSON. A cursor no page handed out is a ValidationException on <c>after</c>.
/// </summary>
public static class KeysetCursor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Encode<T>(T position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(position, Json))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// A page from the rows read for it: up to <paramref name="pageSize"/> plus one, the extra row only telling that a page
    /// follows, whose cursor is the <paramref name="position"/> of this page's last row.
    /// </summary>
    public static PagedList<T> Page<T, TPosition>(IReadOnlyList<T> rows, int page, int pageSize, int total, Func<T, TPosition> position)
    {
        var items = rows.Take(pageSize).ToList();
        return new PagedList<T>(items, page, pageSize, total, rows.Count > pageSize ? Encode(position(items[^1])) : null);
    }

    /// <summary>The rows a page reads from an ordered list in memory: numbered pages skip, a resumed one starts after its cursor.</summary>
    public static List<T> Window<T>(IEnumerable<T> orderedAfterCursor, bool resumed, int page, int pageSize) =>
        orderedAfterCursor.Skip(resumed ? 0 : (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize + 1).ToList();

    /// <summary>
    /// A page of a list held in memory (the Memory profile's stores): <paramref name="listed"/> is every row of the list in
    /// any order, <paramref name="orderedAfter"/> orders them and keeps those after the cursor's position (null on a first page).
    /// </summary>
    public static PagedList<T> PageInMemory<T, TPosition>(IReadOnlyCollection<T> listed, int page, int pageSize, string? after,
        Func<IEnumerable<T>, TPosition?, IEnumerable<T>> orderedAfter, Func<T, TPosition> position) where TPosition : class
    {
        Paging.Validate(page, pageSize);
        var from = Decode<TPosition>(after);
        return Page(Window(orderedAfter(listed, from), from is not null, page, pageSize), page, pageSize, listed.Count, position);
    }

    public static T? Decode<T>(string? cursor) where T : class
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            return JsonSerializer.Deserialize<T>(Convert.FromBase64String(base64), Json) ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new ValidationException("after", "The cursor is not one a list page returned as 'next'.");
        }
    }
}
