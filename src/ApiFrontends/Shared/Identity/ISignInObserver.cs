using Marketplace.Identity;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Gateways.Identity;

/// <summary>
/// Something a gateway does right after a successful sign-in, such as merging the anonymous cart the request carries.
/// Register implementations in the gateway's services; the shared login endpoint calls each of them.
/// </summary>
public interface ISignInObserver
{
    Task OnSignedIn(HttpContext http, SessionGrant session, CancellationToken cancellationToken);
}
