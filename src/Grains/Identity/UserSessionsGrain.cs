using Marketplace.Common;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity;

public sealed class UserSessionsGrain([PersistentState("sessions", StorageNames.Sessions)] IPersistentState<UserSessionsGrain.SessionsState> state)
    : Grain, IUserSessionsGrain
{
    public async Task Add(Guid sessionId, DateTimeOffset expiresAt)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var expired in state.State.Sessions.Where(s => s.Value <= now).Select(s => s.Key).ToList())
        {
            state.State.Sessions.Remove(expired);
        }
        state.State.Sessions[sessionId] = expiresAt;
        await state.WriteStateAsync();
    }

    public async Task<int> RevokeAll()
    {
        var sessions = state.State.Sessions.Keys.ToList();
        await Task.WhenAll(sessions.Select(id => GrainFactory.GetGrain<ISessionGrain>(id).Revoke()));
        state.State.Sessions.Clear();
        await state.WriteStateAsync();
        return sessions.Count;
    }

    [GenerateSerializer]
    public sealed class SessionsState
    {
        // Refresh extends a session past the expiry noted here; revoking an already-expired one is a harmless no-op.
        [Id(0)] public Dictionary<Guid, DateTimeOffset> Sessions { get; set; } = [];
    }
}
