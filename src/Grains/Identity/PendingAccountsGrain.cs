using Marketplace.Common;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity;

public sealed class PendingAccountsGrain([PersistentState("pending-accounts", StorageNames.Users)] IPersistentState<PendingAccountsGrain.PendingState> state)
    : Grain, IPendingAccountsGrain
{
    public async Task Add(Guid userId)
    {
        if (!state.State.UserIds.Contains(userId))
        {
            state.State.UserIds.Add(userId);
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(Guid userId)
    {
        if (state.State.UserIds.Remove(userId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<List<Guid>> List() => Task.FromResult(state.State.UserIds.ToList());

    [GenerateSerializer]
    public sealed class PendingState
    {
        /// <summary>In the order they signed up.</summary>
        [Id(0)] public List<Guid> UserIds { get; set; } = [];
    }
}
