using System.Diagnostics.Metrics;
using Marketplace.Identity;
using static Marketplace.Grains.Common.MarketplaceMeter;

namespace Marketplace.Grains.Identity;

/// <summary>Business metrics of identity: sign-in attempts by outcome and the lockouts the throttle starts (a burst of them is an attack).</summary>
public sealed class IdentityMetrics
{
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _lockouts;

    public IdentityMetrics(IMeterFactory meters)
    {
        var meter = Create(meters);
        _signIns = meter.CreateCounter<long>("marketplace.identity.sign_ins",
            description: "Sign-in attempts, by outcome (SignedIn, InvalidCredentials, RoleNotAdmitted, Throttled).");
        _lockouts = meter.CreateCounter<long>("marketplace.identity.lockouts",
            description: "Lockouts started by too many failed sign-ins, by scope: an email address or a client address.");
    }

    public void SignIn(LoginOutcome outcome) => _signIns.Add(1, Tag("outcome", outcome.ToString()));

    public void LockedOut(string scope) => _lockouts.Add(1, Tag("scope", scope));
}
