using Marketplace.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

public sealed class LoginThrottleGrain(IOptions<AccountOptions> options) : Grain, ILoginThrottleGrain
{
    private readonly Queue<DateTimeOffset> _failures = new();

    public static string EmailKey(string normalisedEmail) => $"email:{normalisedEmail}";

    public static string AddressKey(string clientAddress) => $"ip:{clientAddress}";

    private int MaxFailures => this.GetPrimaryKeyString().StartsWith("ip:", StringComparison.Ordinal)
        ? options.Value.Throttling.MaxFailuresPerAddress
        : options.Value.Throttling.MaxFailuresPerEmail;

    public Task<TimeSpan?> RetryAfter()
    {
        var now = DateTimeOffset.UtcNow;
        Forget(now);
        TimeSpan? wait = _failures.Count >= MaxFailures ? _failures.Peek() + options.Value.Throttling.Window - now : null;
        return Task.FromResult(wait);
    }

    public Task RecordFailure()
    {
        var now = DateTimeOffset.UtcNow;
        Forget(now);
        _failures.Enqueue(now);
        // Only the newest MaxFailures matter: the lockout ends when the oldest of them leaves the window.
        while (_failures.Count > MaxFailures)
        {
            _failures.Dequeue();
        }
        // Stay in memory at least as long as the window, or the silo's idle collection would forget the failures.
        DelayDeactivation(options.Value.Throttling.Window);
        return Task.CompletedTask;
    }

    public Task Reset()
    {
        _failures.Clear();
        return Task.CompletedTask;
    }

    private void Forget(DateTimeOffset now)
    {
        while (_failures.TryPeek(out var oldest) && oldest + options.Value.Throttling.Window <= now)
        {
            _failures.Dequeue();
        }
    }
}
