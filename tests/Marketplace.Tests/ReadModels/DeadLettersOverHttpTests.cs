using System.Net;
using Marketplace.Grains.ReadModels;
using Marketplace.Tests.Catalog;
using Marketplace.Tests.Foundation;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// The operators' dead letters over real HTTP (seller gateway, a silo process on PostgreSQL): keyset pages oldest
/// first, the same entries as numbered pages, and problem details for a page size out of bounds or a cursor no page
/// handed out. The letters are parked through the store the silo's projections park them with.
/// </summary>
public sealed class DeadLettersOverHttpTests(CatalogDeployment fixture) : IClassFixture<CatalogDeployment>
{
    [Fact]
    public async Task Dead_letters_page_by_cursor_oldest_first_and_a_bad_cursor_or_page_size_is_a_problem()
    {
        var store = new SqlDeadLetterStore(ReadModelDatabase.Postgres(fixture.Deployment.Database), DeadLetterStoreContract.Serializer());
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var parked = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var envelope = ProjectionDeliveryTests.Envelope();
            await store.ParkAsync("catalog-listings", envelope, 3, "timeout", at.AddSeconds(i), default);
            parked.Add(DeadLetterIds.For("catalog-listings", envelope.EventId));
        }
        using var op = await fixture.Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();

        var walked = new List<Guid>();
        var path = "/operator/dead-letters?pageSize=2";
        while (true)
        {
            var page = await ReadModelJobs.Json(await op.Client.GetAsync(path));
            Assert.Equal(5, page.GetProperty("total").GetInt32());
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
            if (!page.TryGetProperty("next", out var cursor) || cursor.GetString() is not { } next)
            {
                break;
            }
            path = $"/operator/dead-letters?pageSize=2&after={Uri.EscapeDataString(next)}";
        }
        Assert.Equal(parked, walked);
        var second = await ReadModelJobs.Json(await op.Client.GetAsync("/operator/dead-letters?page=2&pageSize=2"));
        Assert.Equal(parked[2..4], second.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));

        await InputValidationHttpTests.AssertFieldError(await op.Client.GetAsync("/operator/dead-letters?after=not-a-cursor"), "after", "a foreign cursor");
        await InputValidationHttpTests.AssertFieldError(await op.Client.GetAsync("/operator/dead-letters?pageSize=0"), "pageSize", "an empty page");
        await InputValidationHttpTests.AssertFieldError(await op.Client.GetAsync("/operator/dead-letters?pageSize=101"), "pageSize", "a page too large");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Deployment.CreateClient(Gateway.Seller).GetAsync("/operator/dead-letters")).StatusCode);
    }
}
