namespace Marketplace.Grains.ReadModels;

/// <summary>
/// An owner whose kept total of a list (what its pages answer as their total) differs from the rows the list holds:
/// a stale count, found and corrected by the operators' check.
/// </summary>
public sealed record TotalDrift(string List, string Owner, long Kept, long Rows)
{
    public override string ToString() => $"Stale total: {List} {Owner} kept {Kept}, holds {Rows}";
}
