using System.Security.Claims;
using Marketplace.Gateways.Identity;
using Marketplace.Identity;
using Marketplace.ServiceDefaults.Http;

namespace Marketplace.Gateways.Public;

/// <summary>/me: the signed-in shopper's own profile. The user id always comes from the token, never from the URL.</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfile(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/me").WithTags("Profile").RequireAuthorization();
        me.MapGet("/", async (HttpContext http, IClusterClient cluster) => Versioned(http, await Grain(cluster, http.User).Get()));
        me.MapPut("/", (ProfileDetails details, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.UpdateDetails(version, details)));
        me.MapPut("/preferences", (Preferences preferences, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.UpdatePreferences(version, preferences)));

        var addresses = me.MapGroup("/addresses");
        // A profile holds at most 20 addresses, so the list comes whole rather than paged.
        addresses.MapGet("/", async (HttpContext http, IClusterClient cluster) =>
        {
            var profile = await Grain(cluster, http.User).Get();
            return http.Versioned(profile.Addresses, profile.Version);
        });
        addresses.MapGet("/{addressId:guid}", async (Guid addressId, ClaimsPrincipal user, IClusterClient cluster) =>
            TypedResults.Ok(await Grain(cluster, user).GetAddress(addressId)));
        addresses.MapPost("/", (AddressDraft address, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.AddAddress(version, address)));
        addresses.MapPut("/{addressId:guid}", (Guid addressId, AddressDraft address, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.EditAddress(version, addressId, address)));
        addresses.MapDelete("/{addressId:guid}", (Guid addressId, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.RemoveAddress(version, addressId)));
        addresses.MapPost("/{addressId:guid}/default", (Guid addressId, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.SetDefaultAddress(version, addressId)));
        return routes;
    }

    private static IUserProfileGrain Grain(IClusterClient cluster, ClaimsPrincipal user) =>
        cluster.GetGrain<IUserProfileGrain>(user.GetUserId());

    /// <summary>Every edit names the version it read (If-Match): 428 without one, 412 when the profile moved on.</summary>
    private static async Task<IResult> Edit(HttpContext http, IClusterClient cluster, Func<IUserProfileGrain, long, Task<UserProfile>> edit) =>
        Versioned(http, await edit(Grain(cluster, http.User), http.Request.RequiredIfMatch()));

    private static IResult Versioned(HttpContext http, UserProfile profile) => http.Versioned(profile, profile.Version);
}
