using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>/me on the public gateway: each shopper reads and edits only their own profile, edits guarded by If-Match.</summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class ProfileTests(IdentityDeployment fixture)
{
    private static object SampleAddress(string city = "Moscow") => new
    {
        recipient = "Ann Petrova", phone = "+79991234567", country = "RU", city, line1 = "Tverskaya 1", line2 = (string?)null,
        postalCode = "125009", comment = "Ring twice",
    };

    [Fact]
    public async Task A_new_profile_starts_from_the_account_with_version_1()
    {
        using var shopper = await fixture.Public.SignUpAsync("Ann");

        using var response = await shopper.Client.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var profile = await response.Content.ReadFromJsonAsync<ProfileBody>();
        Assert.Equal(shopper.UserId, profile!.UserId);
        Assert.Equal(shopper.Email, profile.AccountEmail);
        Assert.Equal("Ann", profile.Details.DisplayName);
    }

    [Fact]
    public async Task Edits_need_the_current_etag()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        var details = new { displayName = "Ann P.", firstName = "Ann", lastName = "Petrova", phone = "+79991234567", contactEmail = "ann@mail.test" };

        using var unconditional = await shopper.Client.PutAsJsonAsync("/me", details);
        using var applied = await Put(shopper.Client, "/me", details, "\"1\"");
        using var stale = await Put(shopper.Client, "/me", details, "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionRequired, unconditional.StatusCode);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("\"2\"", applied.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var profile = await shopper.Client.GetFromJsonAsync<ProfileBody>("/me");
        Assert.Equal(new Details("Ann P.", "Ann", "Petrova", "+79991234567", "ann@mail.test"), profile!.Details);
    }

    [Fact]
    public async Task Preferences_are_validated_and_kept()
    {
        using var shopper = await fixture.Public.SignUpAsync();
        var preferences = new { language = "en", currency = "KZT", emailNotifications = false, smsNotifications = true, pushNotifications = false, marketingConsent = true };

        using var invalid = await Put(shopper.Client, "/me/preferences", preferences with { language = "xx" }, "\"1\"");
        // A partial body is refused too: a missing flag would otherwise read as false and switch the shopper's notifications off.
        using var partial = await Put(shopper.Client, "/me/preferences", new { language = "en", currency = "KZT" }, "\"1\"");
        using var saved = await Put(shopper.Client, "/me/preferences", preferences, "\"1\"");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("\"language\"", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        Assert.Contains("\"emailNotifications\"", await partial.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var profile = await shopper.Client.GetFromJsonAsync<ProfileBody>("/me");
        Assert.Equal(new PreferencesBody("en", "KZT", false, true, false, true), profile!.Preferences);
    }

    [Fact]
    public async Task Addresses_are_added_edited_removed_and_one_is_the_default()
    {
        using var shopper = await fixture.Public.SignUpAsync();

        var first = await Post(shopper.Client, "/me/addresses", SampleAddress("Moscow"));
        var second = await Post(shopper.Client, "/me/addresses", SampleAddress("Kazan"));
        Assert.Equal([true, false], second.Addresses.Select(a => a.IsDefault));
        var moscow = second.Addresses[0].AddressId;
        var kazan = second.Addresses[1].AddressId;

        var madeDefault = await Post(shopper.Client, $"/me/addresses/{kazan}/default", null);
        Assert.Equal([false, true], madeDefault.Addresses.Select(a => a.IsDefault));

        using var edited = await Put(shopper.Client, $"/me/addresses/{moscow}", SampleAddress("Tver"), ETag(madeDefault));
        var afterEdit = (await edited.Content.ReadFromJsonAsync<ProfileBody>())!;
        Assert.Equal(["Tver", "Kazan"], afterEdit.Addresses.Select(a => a.Address.City));

        using var removeRequest = new HttpRequestMessage(HttpMethod.Delete, $"/me/addresses/{kazan}");
        removeRequest.Headers.IfMatch.Add(new EntityTagHeaderValue(ETag(afterEdit)));
        using var removed = await shopper.Client.SendAsync(removeRequest);
        var afterRemove = (await removed.Content.ReadFromJsonAsync<ProfileBody>())!;
        Assert.Equal([(moscow, true)], afterRemove.Addresses.Select(a => (a.AddressId, a.IsDefault)));
        Assert.Equal(first.Version + 4, afterRemove.Version);
    }

    [Fact]
    public async Task An_invalid_address_names_its_fields()
    {
        using var shopper = await fixture.Public.SignUpAsync();

        using var response = await Send(shopper.Client, HttpMethod.Post, "/me/addresses",
            new { recipient = "", phone = "call me", country = "RU", city = "Moscow", line1 = "Tverskaya 1", postalCode = "!" }, "\"1\"");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"recipient\"", body);
        Assert.Contains("\"phone\"", body);
        Assert.Contains("\"postalCode\"", body);
    }

    [Fact]
    public async Task A_shopper_cannot_reach_another_shoppers_address_and_strangers_get_401()
    {
        using var owner = await fixture.Public.SignUpAsync();
        using var other = await fixture.Public.SignUpAsync();
        var addressId = (await Post(owner.Client, "/me/addresses", SampleAddress())).Addresses[0].AddressId;

        using var read = await other.Client.GetAsync($"/me/addresses/{addressId}");
        using var edit = await Put(other.Client, $"/me/addresses/{addressId}", SampleAddress("Hijacked"), "\"1\"");
        using var anonymous = await fixture.Public.GetAsync("/me");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var mine = await owner.Client.GetFromJsonAsync<AddressView>($"/me/addresses/{addressId}");
        Assert.Equal("Moscow", mine!.Address.City);
    }

    private static string ETag(ProfileBody profile) => $"\"{profile.Version}\"";

    private static async Task<ProfileBody> Post(HttpClient client, string path, object? body)
    {
        var current = await client.GetFromJsonAsync<ProfileBody>("/me");
        using var response = await Send(client, HttpMethod.Post, path, body, ETag(current!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProfileBody>())!;
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, object body, string etag) =>
        Send(client, HttpMethod.Put, path, body, etag);

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object? body, string etag)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return await client.SendAsync(request);
    }

    private sealed record Details(string DisplayName, string? FirstName, string? LastName, string? Phone, string? ContactEmail);

    private sealed record PreferencesBody(string Language, string Currency, bool EmailNotifications, bool SmsNotifications,
        bool PushNotifications, bool MarketingConsent);

    private sealed record AddressFields(string City);

    private sealed record AddressView(Guid AddressId, AddressFields Address, bool IsDefault);

    private sealed record ProfileBody(Guid UserId, string AccountEmail, Details Details, PreferencesBody Preferences,
        IReadOnlyList<AddressView> Addresses, long Version);
}
