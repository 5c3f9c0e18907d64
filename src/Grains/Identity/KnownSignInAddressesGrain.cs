using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

public sealed class KnownSignInAddressesGrain(
    [PersistentState("identity-known-addresses", StorageNames.Users)] IPersistentState<KnownSignInAddressesGrain.AddressesState> state,
    IOptions<AccountOptions> options,
    TimeProvider clock) : Grain, IKnownSignInAddressesGrain
{
    /// <summary>A known address signing in again is written down at most this often, so a sign-in is not a write each time.</summary>
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromDays(1);

    public Task<bool> Contains(string clientAddress) => Task.FromResult(state.State.Addresses.Any(a => a.Address == clientAddress));

    public async Task Add(string clientAddress)
    {
        var now = clock.GetUtcNow();
        var known = state.State.Addresses.FindIndex(a => a.Address == clientAddress);
        if (known >= 0 && state.State.Addresses[known].LastSignIn + RefreshEvery > now)
        {
            return;
        }
        if (known >= 0)
        {
            state.State.Addresses.RemoveAt(known);
        }
        state.State.Addresses.Insert(0, new KnownAddress(clientAddress, now));
        var limit = options.Value.Throttling.KnownAddressesPerAccount;
        if (state.State.Addresses.Count > limit)
        {
            state.State.Addresses.RemoveRange(limit, state.State.Addresses.Count - limit);
        }
        await state.WriteStateAsync();
    }

    [GenerateSerializer, Immutable]
    public sealed record KnownAddress([property: Id(0)] string Address, [property: Id(1)] DateTimeOffset LastSignIn);

    [GenerateSerializer]
    public sealed class AddressesState
    {
        /// <summary>Most recent sign-in first.</summary>
        [Id(0)] public List<KnownAddress> Addresses { get; set; } = [];
    }
}
