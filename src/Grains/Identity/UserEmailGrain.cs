using Marketplace.Common;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity;

public sealed class UserEmailGrain([PersistentState("identity-email", StorageNames.Users)] IPersistentState<UserEmailGrain.EmailState> state)
    : Grain, IUserEmailGrain
{
    public Task<Guid?> GetUserId() => Task.FromResult(state.State.UserId);

    public async Task<UserAccount> Register(Registration registration)
    {
        if (state.State.UserId is { } claimed)
        {
            // A sign-up that crashed after claiming the email but before creating the account finishes now;
            // a completed one makes this a duplicate.
            if (await GrainFactory.GetGrain<IUserGrain>(claimed).Get() is not null)
            {
                throw new ConflictException("An account with this email already exists.");
            }
        }
        else
        {
            state.State.UserId = Guid.NewGuid();
            await state.WriteStateAsync();
        }

        return await GrainFactory.GetGrain<IUserGrain>(state.State.UserId.Value).Create(registration);
    }

    [GenerateSerializer]
    public sealed class EmailState
    {
        [Id(0)] public Guid? UserId { get; set; }
    }
}
