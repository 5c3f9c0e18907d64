using Marketplace.Common;
using Marketplace.Returns;

namespace Marketplace.Grains.Returns;

/// <summary>Units of one SKU a return holds.</summary>
[GenerateSerializer, Immutable]
public sealed record ClaimedUnits(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity);

/// <summary>The units one return holds of its sub-order.</summary>
[GenerateSerializer, Immutable]
public sealed record ReturnClaim(
    [property: Id(0)] Guid ReturnId,
    [property: Id(1)] List<ClaimedUnits> Units);

[GenerateSerializer]
public sealed class ReturnAllowanceState
{
    /// <summary>One per return of the sub-order: bounded by its delivered units, since every claim holds at least one.</summary>
    [Id(0)] public List<ReturnClaim> Claims { get; set; } = [];
}

/// <summary>
/// How many units of a sub-order are already being returned: the returns of one sub-order together never hold more units
/// of a SKU than were delivered. A rejected return keeps its units (its shopper disputes it rather than asking again).
/// </summary>
public static class ReturnAllowance
{
    /// <summary>
    /// The claim to add for <paramref name="returnId"/>, or null when it holds them already (a repeated request);
    /// ConflictException when a SKU would be returned more often than <paramref name="delivered"/> has it.
    /// </summary>
    public static ReturnClaim? Claim(ReturnAllowanceState state, Guid returnId, IReadOnlyList<ReturnLine> lines, IReadOnlyList<ClaimedUnits> delivered)
    {
        var units = lines.Select(l => new ClaimedUnits(l.ProductId, l.Sku, l.Quantity)).ToList();
        if (state.Claims.FirstOrDefault(c => c.ReturnId == returnId) is { } existing)
        {
            return existing.Units.SequenceEqual(units) ? null : throw new ConflictException($"Return {returnId} already holds other units.");
        }
        foreach (var line in units)
        {
            var deliveredUnits = delivered.Where(d => d.ProductId == line.ProductId && d.Sku == line.Sku).Sum(d => d.Quantity);
            var claimed = state.Claims.SelectMany(c => c.Units).Where(u => u.ProductId == line.ProductId && u.Sku == line.Sku).Sum(u => u.Quantity);
            if (claimed + line.Quantity > deliveredUnits)
            {
                throw new ConflictException(
                    $"{deliveredUnits} of {line.Sku} were delivered and {claimed} are already being returned; {Math.Max(deliveredUnits - claimed, 0)} can still be.");
            }
        }
        return new ReturnClaim(returnId, units);
    }
}

/// <summary>Keeps the returns of one sub-order within its delivered units (key: the sub-order id).</summary>
public interface IReturnAllowanceGrain : IGrainWithGuidKey
{
    /// <summary>Holds <paramref name="lines"/> for the return; repeating it is a no-op; ConflictException beyond the delivered units.</summary>
    Task Claim(Guid returnId, List<ReturnLine> lines, List<ClaimedUnits> delivered);
}

public sealed class ReturnAllowanceGrain(
    [PersistentState("return-allowance", StorageNames.Orders)] IPersistentState<ReturnAllowanceState> state) : Grain, IReturnAllowanceGrain
{
    public async Task Claim(Guid returnId, List<ReturnLine> lines, List<ClaimedUnits> delivered)
    {
        if (ReturnAllowance.Claim(state.State, returnId, lines, delivered) is not { } claim)
        {
            return;
        }
        state.State.Claims.Add(claim);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The claim may or may not be stored: the next activation reads what is.
            state.State.Claims.Remove(claim);
            DeactivateOnIdle();
            throw;
        }
    }
}
