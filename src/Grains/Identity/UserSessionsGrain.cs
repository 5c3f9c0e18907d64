using Marketplace.Common;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity;

public sealed class UserSessionsGrain(
    [PersistentState("sessions", StorageNames.Sessions)] IPersistentState<UserSessionsGrain.SessionsState> state,
    TimeProvider clock) : Grain, IUserSessionsGrain
{
    public async Task<bool> Add(Guid sessionId, DateTimeOffset expiresAt)
    {
        if (state.State.Closed)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        foreach (var expired in state.State.Sessions.Where(s => s.Value <= now).Select(s => s.Key).ToList())
        {
            state.State.Sessions.Remove(expired);
        }
        state.State.Sessions[sessionId] = expiresAt;
        await state.WriteStateAsync();
        return true;
    }

    public Task<int> RevokeAll() => Revoke(keep: null, close: state.State.Closed);

    public Task<int> RevokeAllExcept(Guid keep) => Revoke(keep, close: state.State.Closed);

    public Task<int> Close() => Revoke(keep: null, close: true);

    public async Task Reopen()
    {
        state.State.Closed = false;
        await state.WriteStateAsync();
    }

    private async Task<int> Revoke(Guid? keep, bool close)
    {
        var ending = state.State.Sessions.Keys.Where(id => id != keep).ToList();
        await Task.WhenAll(ending.Select(id => GrainFactory.GetGrain<ISessionGrain>(id).Revoke()));
        foreach (var id in ending)
        {
            state.State.Sessions.Remove(id);
        }
        state.State.Closed = close;
        await state.WriteStateAsync();
        return ending.Count;
    }

    [GenerateSerializer]
    public sealed class SessionsState
    {
        // Refresh extends a session past the expiry noted here; revoking an already-expired one is a harmless no-op.
        [Id(0)] public Dictionary<Guid, DateTimeOffset> Sessions { get; set; } = [];

        /// <summary>The account is disabled: no new session until it is reopened.</summary>
        [Id(1)] public bool Closed { get; set; }
    }
}
