using Marketplace.Common;
using Marketplace.Grains.Moderation;
using Marketplace.Grains.Sellers;
using Marketplace.Sellers;
using State = Marketplace.Grains.Sellers.SellerGrain.SellerState;

namespace Marketplace.Core.Tests.Sellers;

/// <summary>The seller account's decisions without a cluster: onboarding, profile edits by version, status changes.</summary>
public sealed class SellerCoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid SellerId = Guid.NewGuid();
    private static readonly ForbiddenContent Forbidden = new(["replica"]);

    private static SellerApplication Application(string displayName = " Acme Store ") => new(displayName, "Acme LLC", "7707083893",
        new PayoutDetails("Sber", "40702810900000000001", "044525225"), new SellerContact("owner@acme.test", " "));

    private static IReadOnlyList<SellerEvent> Run(State state, SellerCommand command)
    {
        var events = SellerCore.Decide(state, SellerId, command, Forbidden);
        foreach (var happened in events)
        {
            SellerCore.Apply(state, happened);
        }
        return events;
    }

    private static State Onboarded()
    {
        var state = new State();
        Run(state, new OnboardSeller(Application(), Now));
        return state;
    }

    [Fact]
    public void Onboarding_normalises_the_application_and_starts_pending_at_version_1_and_the_same_again_decides_nothing()
    {
        var state = Onboarded();

        Assert.Equal(("Acme Store", null, SellerStatus.Pending, 1L, Now), (state.Details!.DisplayName, state.Details.Contact.Phone, state.Status, state.Version, state.CreatedAt));
        Assert.Empty(Run(state, new OnboardSeller(Application("Acme Store"), Now)));
        Assert.Throws<ConflictException>(() => Run(state, new OnboardSeller(Application("Other"), Now)));
    }

    [Fact]
    public void An_application_is_refused_naming_every_field_and_a_display_name_with_forbidden_content()
    {
        var invalid = Assert.Throws<ValidationException>(() => Run(new State(),
            new OnboardSeller(new SellerApplication("", "Acme", "123", new PayoutDetails("Sber", "40-70", "1"), new SellerContact("nope", null)), Now)));
        Assert.Equal(["contact.email", "displayName", "payout.accountNumber", "taxId"], invalid.Errors.Keys.Order());

        foreach (var name in new[] { "Replica watches", "shop.example.com", "Call +7 900 123 45 67" })
        {
            Assert.Contains("displayName", Assert.Throws<ValidationException>(() => Run(new State(), new OnboardSeller(Application(name), Now))).Errors.Keys);
        }
    }

    [Fact]
    public void A_profile_edit_needs_the_current_version_and_bumps_it()
    {
        Assert.Throws<NotFoundException>(() => Run(new State(), new EditSellerProfile(1, Application(), Now)));
        var state = Onboarded();
        Assert.Throws<VersionMismatchException>(() => Run(state, new EditSellerProfile(2, Application("Renamed"), Now)));

        Run(state, new EditSellerProfile(1, Application("Renamed"), Now.AddDays(1)));

        Assert.Equal(("Renamed", 2L, Now.AddDays(1)), (state.Details!.DisplayName, state.Version, state.UpdatedAt));
    }

    [Fact]
    public void Status_goes_pending_to_active_and_back_and_forth_with_suspended_never_back_to_pending_and_a_suspension_signs_out()
    {
        var state = Onboarded();
        Assert.Throws<NotFoundException>(() => Run(new State(), new ChangeSellerStatus(SellerStatus.Active, null, Now)));
        Assert.Throws<ValidationException>(() => Run(state, new ChangeSellerStatus((SellerStatus)42, null, Now)));

        var activated = Assert.Single(Run(state, new ChangeSellerStatus(SellerStatus.Active, " ", Now)));
        Assert.Empty(SellerCore.Effects(activated));
        Assert.Empty(Run(state, new ChangeSellerStatus(SellerStatus.Active, null, Now)));
        var suspended = Assert.Single(Run(state, new ChangeSellerStatus(SellerStatus.Suspended, " Fraud reports ", Now)));
        Assert.IsType<RevokeSellerSessions>(Assert.Single(SellerCore.Effects(suspended)));
        Assert.Equal((SellerStatus.Suspended, "Fraud reports", 3L), (state.Status, state.StatusReason, state.Version));
        Assert.Throws<ConflictException>(() => Run(state, new ChangeSellerStatus(SellerStatus.Pending, null, Now)));
    }
}
