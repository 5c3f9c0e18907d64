using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Grains.Identity;

public sealed class UserGrain([PersistentState("identity-user", StorageNames.Users)] IPersistentState<UserGrain.UserState> state)
    : Grain, IUserGrain
{
    private static PasswordHasher<UserAccount> Hasher => Passwords.Hasher;

    public async Task<UserAccount> Create(Registration registration)
    {
        if (state.State.Account is { } existing)
        {
            return existing.Email == EmailAddress.Normalise(registration.Email)
                ? existing
                : throw new ConflictException("This account already exists.");
        }

        var account = new UserAccount(this.GetPrimaryKey(), EmailAddress.Normalise(registration.Email),
            registration.DisplayName.Trim(), registration.Role, DateTimeOffset.UtcNow);
        state.State.Account = account;
        state.State.PasswordHash = Hasher.HashPassword(account, registration.Password);
        await state.WriteStateAsync();
        return account;
    }

    public Task<UserAccount?> Get() => Task.FromResult(state.State.Account);

    public async Task<UserAccount?> VerifyPassword(string password)
    {
        if (state.State.Account is not { } account || state.State.PasswordHash is not { } hash)
        {
            return null;
        }

        switch (Hasher.VerifyHashedPassword(account, hash, password))
        {
            case PasswordVerificationResult.Success:
                return account;
            case PasswordVerificationResult.SuccessRehashNeeded:
                state.State.PasswordHash = Hasher.HashPassword(account, password);
                await state.WriteStateAsync();
                return account;
            default:
                return null;
        }
    }

    public async Task<BootstrapOutcome> ApplyBootstrapPassword(string password)
    {
        if (state.State.Account is not { Role: UserRole.Operator } account)
        {
            return BootstrapOutcome.NotAnOperator;
        }
        if (state.State.BootstrapSecretHash is { } applied
            && Hasher.VerifyHashedPassword(account, applied, password) != PasswordVerificationResult.Failed)
        {
            return BootstrapOutcome.Unchanged;
        }

        // An account the bootstrap just created already has this password: recording the secret changes nothing else.
        var alreadyThePassword = state.State.BootstrapSecretHash is null
            && Hasher.VerifyHashedPassword(account, state.State.PasswordHash!, password) != PasswordVerificationResult.Failed;
        var hash = Hasher.HashPassword(account, password);
        state.State.PasswordHash = hash;
        state.State.BootstrapSecretHash = hash;
        await state.WriteStateAsync();
        return alreadyThePassword ? BootstrapOutcome.Unchanged : BootstrapOutcome.PasswordReset;
    }

    [GenerateSerializer]
    public sealed class UserState
    {
        [Id(0)] public UserAccount? Account { get; set; }
        [Id(1)] public string? PasswordHash { get; set; }

        /// <summary>The hash of the configured bootstrap secret last made this operator's password (bootstrap operator only).</summary>
        [Id(2)] public string? BootstrapSecretHash { get; set; }
    }
}
