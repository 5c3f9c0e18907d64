using Marketplace.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

public sealed class LoginThrottleGrain(IOptions<AccountOptions> options, IdentityMetrics metrics, TimeProvider clock) : Grain, ILoginThrottleGrain
{
    private const string PairPrefix = "pair:";
    private const string AddressPrefix = "ip:";

    private const string AccountPrefix = "email:";

    private readonly Queue<DateTimeOffset> _failures = new();

    public static string PairKey(string normalisedEmail, string clientAddress) => $"{PairPrefix}{clientAddress}|{normalisedEmail}";

    public static string AddressKey(string clientAddress) => $"{AddressPrefix}{clientAddress}";

    public static string AccountKey(string normalisedEmail) => $"{AccountPrefix}{normalisedEmail}";

    private LoginThrottleOptions Limits => options.Value.Throttling;

    private int MaxFailures => this.GetPrimaryKeyString() switch
    {
        var key when key.StartsWith(PairPrefix, StringComparison.Ordinal) => Limits.MaxFailuresPerAccountAndAddress,
        var key when key.StartsWith(AddressPrefix, StringComparison.Ordinal) => Limits.MaxFailuresPerAddress,
        _ => Limits.MaxFailuresPerAccount,
    };

    /// <summary>What this throttle counts, as the lockouts metric labels it.</summary>
    private string Scope => this.GetPrimaryKeyString() switch
    {
        var key when key.StartsWith(PairPrefix, StringComparison.Ordinal) => "account_and_address",
        var key when key.StartsWith(AddressPrefix, StringComparison.Ordinal) => "address",
        _ => "account",
    };

    private bool IsAccountKey => this.GetPrimaryKeyString().StartsWith(AccountPrefix, StringComparison.Ordinal);

    /// <summary>The addresses the account signed in from, which its account-wide limit spares.</summary>
    private IKnownSignInAddressesGrain KnownAddresses => GrainFactory.GetGrain<IKnownSignInAddressesGrain>(this.GetPrimaryKeyString()[AccountPrefix.Length..]);

    public async Task<TimeSpan?> RetryAfter(string clientAddress)
    {
        Forget(clock.GetUtcNow());
        if (_failures.Count < MaxFailures || (IsAccountKey && await KnownAddresses.Contains(clientAddress)))
        {
            return null;
        }
        // Failures may have been forgotten while the known addresses were asked.
        var now = clock.GetUtcNow();
        Forget(now);
        return _failures.Count >= MaxFailures ? _failures.Peek() + Limits.Window - now : null;
    }

    public Task RecordFailure()
    {
        var now = clock.GetUtcNow();
        Forget(now);
        var wasLocked = _failures.Count >= MaxFailures;
        _failures.Enqueue(now);
        // Only the newest MaxFailures matter: the lockout ends when the oldest of them leaves the window.
        while (_failures.Count > MaxFailures)
        {
            _failures.Dequeue();
        }
        if (!wasLocked && _failures.Count >= MaxFailures)
        {
            metrics.LockedOut(Scope);
        }
        // Stay in memory at least as long as the window, or the silo's idle collection would forget the failures.
        DelayDeactivation(Limits.Window);
        return Task.CompletedTask;
    }

    public Task RecordSuccess(string clientAddress)
    {
        if (IsAccountKey)
        {
            // The account stays held back for everyone else while guessing goes on; the owner's address is not.
            return KnownAddresses.Add(clientAddress);
        }
        _failures.Clear();
        return Task.CompletedTask;
    }

    private void Forget(DateTimeOffset now)
    {
        while (_failures.TryPeek(out var oldest) && oldest + Limits.Window <= now)
        {
            _failures.Dequeue();
        }
    }
}
