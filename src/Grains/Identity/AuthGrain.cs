using System.Net.Mail;
using Marketplace.Common;
using Marketplace.Grains.Identity.Records;
using Marketplace.Identity;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Marketplace.Grains.Identity;

[StatelessWorker]
public sealed class AuthGrain(IOptions<AccountOptions> options, IdentityMetrics metrics, IPendingAccountStore pending) : Grain, IAuthGrain
{
    private const int MaxEmailLength = 254;
    private const int MaxDisplayNameLength = 100;

    public async Task<UserAccount> Register(Registration registration)
    {
        Validate(registration);
        var account = await GrainFactory.GetGrain<IUserEmailGrain>(EmailAddress.Normalise(registration.Email)).Register(registration);
        if (account.Status == AccountStatus.PendingApproval)
        {
            await pending.AddAsync(account.UserId, account.RegisteredAt, CancellationToken.None);
        }
        return account;
    }

    public async Task<LoginResult> Login(LoginAttempt attempt)
    {
        var result = await Attempt(attempt);
        metrics.SignIn(result.Outcome);
        return result;
    }

    private async Task<LoginResult> Attempt(LoginAttempt attempt)
    {
        var email = EmailAddress.Normalise(attempt.Email ?? string.Empty);
        var address = attempt.ClientAddress;
        var throttles = new[]
        {
            GrainFactory.GetGrain<ILoginThrottleGrain>(LoginThrottleGrain.PairKey(email, address)),
            GrainFactory.GetGrain<ILoginThrottleGrain>(LoginThrottleGrain.AddressKey(address)),
            GrainFactory.GetGrain<ILoginThrottleGrain>(LoginThrottleGrain.AccountKey(email)),
        };

        var waits = await Task.WhenAll(throttles.Select(t => t.RetryAfter(address)));
        if (waits.Max() is { } wait)
        {
            return LoginResult.Failed(LoginOutcome.Throttled, wait);
        }

        var account = await VerifyCredentials(email, attempt.Password ?? string.Empty);
        if (account is null)
        {
            await Task.WhenAll(throttles.Select(t => t.RecordFailure()));
            return LoginResult.Failed(LoginOutcome.InvalidCredentials);
        }

        // The address's own failures do not count against others who share it, so only the pair and the account learn of it.
        await Task.WhenAll(throttles[0].RecordSuccess(address), throttles[2].RecordSuccess(address));
        if (!attempt.AdmittedRoles.Contains(account.Role))
        {
            return LoginResult.Failed(LoginOutcome.RoleNotAdmitted);
        }
        if (account.Status != AccountStatus.Active)
        {
            return LoginResult.Failed(account.Status == AccountStatus.PendingApproval ? LoginOutcome.PendingApproval : LoginOutcome.Disabled);
        }

        var sessionId = Guid.NewGuid();
        var sessionGrain = GrainFactory.GetGrain<ISessionGrain>(sessionId);
        var session = await sessionGrain.Start(account.UserId, account.Role);
        if (!await GrainFactory.GetGrain<IUserSessionsGrain>(account.UserId).Add(sessionId, session.RefreshTokenExpiresAt))
        {
            // Disabled between the password check and now.
            await sessionGrain.Revoke();
            return LoginResult.Failed(LoginOutcome.Disabled);
        }
        return new LoginResult(LoginOutcome.SignedIn, session, null);
    }

    public Task<SessionGrant?> Refresh(string refreshToken) =>
        RefreshTokens.TryParse(refreshToken, out var sessionId, out var secret)
            ? GrainFactory.GetGrain<ISessionGrain>(sessionId).Refresh(secret)
            : Task.FromResult<SessionGrant?>(null);

    public Task Logout(Guid sessionId) => GrainFactory.GetGrain<ISessionGrain>(sessionId).Revoke();

    private async Task<UserAccount?> VerifyCredentials(string email, string password)
    {
        var userId = email.Length == 0 ? null : await GrainFactory.GetGrain<IUserEmailGrain>(email).GetUserId();
        if (userId is { } id)
        {
            return await GrainFactory.GetGrain<IUserGrain>(id).VerifyPassword(password);
        }
        // Hash anyway: answering an unknown email faster than a wrong password would tell which emails have accounts.
        Passwords.VerifyAgainstDummy(password);
        return null;
    }

    private void Validate(Registration registration)
    {
        var errors = new Dictionary<string, string[]>();
        var email = registration.Email?.Trim() ?? string.Empty;
        if (email.Length is 0 or > MaxEmailLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors["email"] = ["A valid email address is required."];
        }
        Passwords.Check(registration.Password, options.Value.MinPasswordLength, "password", errors);
        var displayName = registration.DisplayName?.Trim() ?? string.Empty;
        if (displayName.Length is 0 or > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"A display name of 1 to {MaxDisplayNameLength} characters is required."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }
}
