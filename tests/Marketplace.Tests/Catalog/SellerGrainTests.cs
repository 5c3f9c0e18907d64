using Marketplace.Common;
using Marketplace.Sellers;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Catalog;

[Collection(InMemoryClusterCollection.Name)]
public sealed class SellerGrainTests(InMemoryCluster fixture)
{
    private ISellerGrain NewSeller() => fixture.Grains.GetGrain<ISellerGrain>(Guid.NewGuid());

    [Fact]
    public async Task Onboarding_starts_pending_and_is_idempotent_for_the_same_details()
    {
        var seller = NewSeller();

        var profile = await seller.Onboard(CatalogSamples.Application());
        var again = await seller.Onboard(CatalogSamples.Application());

        Assert.Equal(SellerStatus.Pending, profile.Status);
        Assert.Equal(profile.Version, again.Version);
        await Assert.ThrowsAsync<ConflictException>(() => seller.Onboard(CatalogSamples.Application("Other name")));
        await Assert.ThrowsAsync<NotFoundException>(() => seller.GetPublic());
    }

    [Fact]
    public async Task Invalid_applications_name_each_field()
    {
        var application = CatalogSamples.Application("") with
        {
            TaxId = "12345",
            Contact = new SellerContact("not-an-email", null),
        };

        var error = await Assert.ThrowsAsync<ValidationException>(() => NewSeller().Onboard(application));

        Assert.Equal(["contact.email", "displayName", "taxId"], error.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_display_name_with_contact_details_or_a_link_is_refused_on_onboarding_and_on_edit()
    {
        var seller = NewSeller();

        var phone = await Assert.ThrowsAsync<ValidationException>(() => seller.Onboard(CatalogSamples.Application("Best deals call +79991234567")));
        Assert.Contains("phone numbers", Assert.Single(phone.Errors["displayName"]));
        await Assert.ThrowsAsync<NotFoundException>(() => seller.Get());

        await seller.Onboard(CatalogSamples.Application());
        var link = await Assert.ThrowsAsync<ValidationException>(() => seller.Edit(1, CatalogSamples.Application("Cheaper at www.deals-direct.ru")));
        Assert.Contains("links", Assert.Single(link.Errors["displayName"]));
        Assert.Equal(("Acme Store", 1), ((await seller.Get()).Details.DisplayName, (await seller.Get()).Version));
    }

    [Fact]
    public async Task Profile_edits_check_the_version()
    {
        var seller = NewSeller();
        await seller.Onboard(CatalogSamples.Application());

        var edited = await seller.Edit(1, CatalogSamples.Application("Acme Outlet"));

        Assert.Equal(2, edited.Version);
        await Assert.ThrowsAsync<VersionMismatchException>(() => seller.Edit(1, CatalogSamples.Application("Lost")));
        Assert.Equal("Acme Outlet", (await seller.Get()).Details.DisplayName);
    }

    [Fact]
    public async Task Operators_move_the_status_forward_but_never_back_to_pending()
    {
        var seller = NewSeller();
        await seller.Onboard(CatalogSamples.Application());

        Assert.Equal(SellerStatus.Active, (await seller.ChangeStatus(SellerStatus.Active, null)).Status);
        Assert.Equal("Acme Store", (await seller.GetPublic()).DisplayName);
        var suspended = await seller.ChangeStatus(SellerStatus.Suspended, "Counterfeit goods");

        Assert.Equal("Counterfeit goods", suspended.StatusReason);
        await Assert.ThrowsAsync<NotFoundException>(() => seller.GetPublic());
        await Assert.ThrowsAsync<ConflictException>(() => seller.ChangeStatus(SellerStatus.Pending, null));
        await Assert.ThrowsAsync<NotFoundException>(() => NewSeller().ChangeStatus(SellerStatus.Active, null));
    }
}
