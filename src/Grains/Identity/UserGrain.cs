using System.Security.Cryptography;
using System.Text;
using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Grains.Identity;

public sealed class UserGrain(
    [PersistentState("identity-user", StorageNames.Users)] IPersistentState<UserGrain.UserState> state,
    TimeProvider clock) : Grain, IUserGrain
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

        // Couriers carry parcels and cash on delivery: an operator vets each one before it may sign in.
        var status = registration.Role == UserRole.Courier ? AccountStatus.PendingApproval : AccountStatus.Active;
        var account = new UserAccount(this.GetPrimaryKey(), EmailAddress.Normalise(registration.Email),
            registration.DisplayName.Trim(), registration.Role, clock.GetUtcNow(), status);
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

    public async Task<bool> ChangePassword(string currentPassword, string newPassword)
    {
        if (await VerifyPassword(currentPassword) is not { } account)
        {
            return false;
        }
        await SetPassword(account, newPassword);
        return true;
    }

    public async Task<string> IssueResetSecret(TimeSpan lifetime)
    {
        var account = state.State.Account ?? throw new NotFoundException("No such user.");
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        state.State.ResetSecretHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        state.State.ResetExpiresAt = clock.GetUtcNow() + lifetime;
        await state.WriteStateAsync();
        return ResetTokens.Compose(account.UserId, secret);
    }

    public async Task<bool> ResetPassword(string secret, string newPassword)
    {
        if (state.State.Account is not { } account || state.State.ResetSecretHash is not { } expected
            || state.State.ResetExpiresAt <= clock.GetUtcNow()
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), expected))
        {
            return false;
        }
        await SetPassword(account, newPassword);
        return true;
    }

    public async Task<UserAccount> SetStatus(AccountStatus status)
    {
        var account = state.State.Account ?? throw new NotFoundException("No such user.");
        if (account.Status != status)
        {
            state.State.Account = account = account with { Status = status };
            await state.WriteStateAsync();
        }
        return account;
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

    /// <summary>A new password also uses up any outstanding reset token: a token is good for one password, once.</summary>
    private async Task SetPassword(UserAccount account, string newPassword)
    {
        state.State.PasswordHash = Hasher.HashPassword(account, newPassword);
        state.State.ResetSecretHash = null;
        state.State.ResetExpiresAt = default;
        await state.WriteStateAsync();
    }

    [GenerateSerializer]
    public sealed class UserState
    {
        [Id(0)] public UserAccount? Account { get; set; }
        [Id(1)] public string? PasswordHash { get; set; }

        /// <summary>The hash of the configured bootstrap secret last made this operator's password (bootstrap operator only).</summary>
        [Id(2)] public string? BootstrapSecretHash { get; set; }

        /// <summary>SHA-256 of the outstanding password-reset secret (high-entropy, so no slow hash is needed), or null.</summary>
        [Id(3)] public byte[]? ResetSecretHash { get; set; }
        [Id(4)] public DateTimeOffset ResetExpiresAt { get; set; }
    }
}
