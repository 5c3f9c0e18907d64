using System.Security.Claims;
using Marketplace.Identity;
using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Identity;

namespace Marketplace.Gateways.Public;

/// <summary>/me: the signed-in shopper's own profile. The user id always comes from the token, never from the URL.</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfile(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/me").WithTags("Profile").RequireAuthorization();
        me.MapGet("/", async (ClaimsPrincipal user, HttpResponse response, IClusterClient cluster) =>
            Profile(response, await Grain(cluster, user).Get()));
        me.MapPut("/", (ProfileDetails details, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.UpdateDetails(version, details)));
        me.MapPut("/preferences", (Preferences preferences, HttpContext http, IClusterClient cluster) =>
            Edit(http, cluster, (grain, version) => grain.UpdatePreferences(version, preferences)));

        var addresses = me.MapGroup("/addresses");
        // A profile holds at most 20 addresses, so the list comes whole rather than paged.
        addresses.MapGet("/", async (ClaimsPrincipal user, HttpResponse response, IClusterClient cluster) =>
        {
            var profile = await Grain(cluster, user).Get();
            response.SetETag(profile.Version);
            return TypedResults.Ok(profile.Addresses);
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

    private static async Task<IResult> Edit(HttpContext http, IClusterClient cluster, Func<IUserProfileGrain, long, Task<UserProfile>> edit)
    {
        if (http.Request.IfMatchVersion() is not { } version)
        {
            return EntityTags.PreconditionRequired();
        }
        return Profile(http.Response, await edit(Grain(cluster, http.User), version));
    }

    private static IResult Profile(HttpResponse response, UserProfile profile)
    {
        response.SetETag(profile.Version);
        return TypedResults.Ok(profile);
    }
}
