using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Tests.Payments;

/// <summary>The test-mode processor over real HTTP: what the payments context relies on it to do.</summary>
public sealed class PaymentGatewayServiceTests : IAsyncLifetime
{
    private PaymentGatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await PaymentGatewayProcess.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<HttpResponseMessage> Post(string path, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await _gateway.Http.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Theory]
    [InlineData("pm_card_insufficient_funds", "insufficient_funds")]
    [InlineData("pm_card_stolen", "stolen_card")]
    [InlineData("pm_card_declined", "card_declined")]
    [InlineData("pm_card_expired", "expired_card")]
    public async Task Test_cards_decline_with_their_code(string paymentMethod, string declineCode)
    {
        using var response = await Post("/v1/authorizations", new { amount = 1000, currency = "RUB", paymentMethod });

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("declined", body.GetProperty("status").GetString());
        Assert.Equal(declineCode, body.GetProperty("declineCode").GetString());
    }

    [Fact]
    public async Task A_tokenised_test_card_declines_like_its_number_and_a_bad_number_is_refused()
    {
        using var token = await Post("/v1/payment_methods", new { cardNumber = "4000 0000 0000 9995", expMonth = 12, expYear = 2030 });
        var paymentMethod = (await Json(token)).GetProperty("id").GetString();
        using var declined = await Post("/v1/authorizations", new { amount = 500, currency = "RUB", paymentMethod });
        Assert.Equal("insufficient_funds", (await Json(declined)).GetProperty("declineCode").GetString());

        using var invalid = await Post("/v1/payment_methods", new { cardNumber = "4242424242424241", expMonth = 12, expYear = 2030 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_replays_the_first_answer_and_a_reused_key_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        var reference = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Post("/v1/authorizations", new { amount = 1000, currency = "RUB", paymentMethod = "pm_card_visa", reference }, key)));
        var ids = await Task.WhenAll(responses.Select(async r => (await Json(r)).GetProperty("id").GetString()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(ids.Distinct());
        Assert.Single(await _gateway.Authorizations(reference));

        using var reused = await Post("/v1/authorizations", new { amount = 2000, currency = "RUB", paymentMethod = "pm_card_visa", reference }, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        using var missingKey = await _gateway.Http.PostAsJsonAsync("/v1/authorizations", new { amount = 1, currency = "RUB", paymentMethod = "pm_card_visa" });
        Assert.Equal(HttpStatusCode.BadRequest, missingKey.StatusCode);
    }

    [Fact]
    public async Task Captures_releases_and_refunds_never_exceed_what_is_held_or_captured()
    {
        using var authorised = await Post("/v1/authorizations", new { amount = 1000, currency = "RUB", paymentMethod = "pm_card_visa" });
        var id = (await Json(authorised)).GetProperty("id").GetString();

        using var capture = await Post($"/v1/authorizations/{id}/captures", new { amount = 600 });
        Assert.Equal(HttpStatusCode.OK, capture.StatusCode);
        using var tooMuch = await Post($"/v1/authorizations/{id}/captures", new { amount = 500 });
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        using var release = await Post($"/v1/authorizations/{id}/reversals", new { amount = 400 });
        using var refund = await Post($"/v1/authorizations/{id}/refunds", new { amount = 600 });
        using var refundAgain = await Post($"/v1/authorizations/{id}/refunds", new { amount = 1 });

        var final = await Json(refund);
        Assert.Equal(HttpStatusCode.Conflict, refundAgain.StatusCode);
        Assert.Equal((600, 400, 600), (final.GetProperty("captured").GetInt64(), final.GetProperty("reversed").GetInt64(), final.GetProperty("refunded").GetInt64()));
        Assert.Equal("closed", final.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_outage_answers_503_without_burning_the_key_and_injected_failures_hit_exactly_the_next_calls()
    {
        var key = Guid.NewGuid().ToString();
        await _gateway.SetMode("Outage");
        using var down = await Post("/v1/authorizations", new { amount = 100, currency = "RUB", paymentMethod = "pm_card_visa" }, key);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);

        await _gateway.SetMode("Normal", failNext: 1);
        using var injected = await Post("/v1/authorizations", new { amount = 100, currency = "RUB", paymentMethod = "pm_card_visa" }, key);
        using var up = await Post("/v1/authorizations", new { amount = 100, currency = "RUB", paymentMethod = "pm_card_visa" }, key);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, injected.StatusCode);
        Assert.Equal(HttpStatusCode.Created, up.StatusCode);
    }
}
