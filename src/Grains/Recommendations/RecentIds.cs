namespace Marketplace.Grains.Recommendations;

/// <summary>
/// The last ids a subscriber handled, oldest first, so an at-least-once redelivery is dropped. Bounded: a redelivery
/// comes soon after the original, long before its id would be forgotten.
/// </summary>
[GenerateSerializer]
public sealed class RecentIds
{
    [Id(0)] public List<Guid> Ids { get; set; } = [];

    /// <summary>Remembers <paramref name="id"/>; false when it was already handled.</summary>
    public bool TryAdd(Guid id, int capacity)
    {
        if (Ids.Contains(id))
        {
            return false;
        }
        Ids.Add(id);
        if (Ids.Count > capacity)
        {
            Ids.RemoveRange(0, Ids.Count - capacity);
        }
        return true;
    }
}
