using System.Security.Cryptography;
using Marketplace.Catalog;
using Marketplace.Grains.Catalog;
using Marketplace.Identity;
using Marketplace.Media;
using Marketplace.Sellers;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marketplace.Tests.Catalog;

[Collection(InMemoryClusterCollection.Name)]
public sealed class DemoCatalogTests(InMemoryCluster fixture)
{
    [Fact]
    public async Task Seeding_twice_publishes_each_demo_product_once_for_active_demo_sellers_who_sign_in_with_the_configured_password()
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var options = Options.Create(new CatalogOptions { DemoData = { Enabled = true, Sellers = 2, Products = 30, Password = password } });
        var seeder = new DemoCatalogSeeder(fixture.Grains, options, NullLogger<DemoCatalogSeeder>.Instance);

        await seeder.SeedAsync(CancellationToken.None);
        await seeder.SeedAsync(CancellationToken.None);

        foreach (var email in new[] { "seller1@demo.marketplace.local", "seller2@demo.marketplace.local" })
        {
            var sellerId = await fixture.Grains.GetGrain<IUserEmailGrain>(email).GetUserId();
            Assert.NotNull(sellerId);
            Assert.Equal(SellerStatus.Active, await fixture.Grains.GetGrain<ISellerGrain>(sellerId.Value).GetStatus());
            var signIn = await fixture.Grains.GetGrain<IAuthGrain>(0).Login(new LoginAttempt(email, password, "127.0.0.1", [UserRole.Seller]));
            Assert.Equal(LoginOutcome.SignedIn, signIn.Outcome);
            var storefront = fixture.Grains.SellerListing(sellerId.Value);
            var page = await Eventually.Until(() => storefront.Query(new ListingQuery()), p => p.Total == 15, TimeSpan.FromSeconds(30),
                $"15 published products on {email}'s storefront");

            var productId = page.Items[0].ProductId;
            var published = await fixture.Grains.GetGrain<IProductGrain>(productId).GetPublished();
            var photo = Assert.Single(await fixture.Grains.GetGrain<IProductMediaGrain>(productId).List(sellerId.Value));
            Assert.Equal([photo.Reference], published.Images);
            Assert.Equal(3, photo.Variants.Count);
        }
    }
}
