using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Marketplace.Gateways.Identity;

/// <summary>The reason is not acted on; it is kept with the request in the audit trail.</summary>
public sealed record ChangeAccountStatusRequest(AccountStatus Status, string? Reason);

public sealed record InviteOperatorRequest(string Email, string DisplayName);

public sealed record RevokedSessionsResponse(Guid UserId, int Revoked);

internal static class OperatorAccountEndpoints
{
    /// <summary>Operators' account chores on the seller and logistics gateways (each change is in the audit trail), and the trail.</summary>
    public static IEndpointRouteBuilder MapOperatorAccounts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/operator").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        group.MapGet("/users/pending", async (IClusterClient cluster, int page = 1, int pageSize = 20, string? after = null) =>
                Page(await Admin(cluster).PendingApproval(page, pageSize, after)))
            .WithSummary("Accounts (couriers) waiting for approval, oldest first; follow 'next' with after=.");
        group.MapGet("/users/{userId:guid}", async (Guid userId, IClusterClient cluster) =>
            TypedResults.Ok(AccountResponse.From(await Admin(cluster).Get(userId))));
        group.MapPut("/users/{userId:guid}/status", ChangeStatus)
            .WithSummary("Active approves a pending account or enables a disabled one; Disabled blocks sign-in and ends its sessions at once.");
        group.MapDelete("/users/{userId:guid}/sessions", async (Guid userId, IClusterClient cluster) =>
                TypedResults.Ok(new RevokedSessionsResponse(userId, await Admin(cluster).RevokeAllSessions(userId))))
            .WithSummary("Ends every session of the user (they may sign in again; disable the account to keep them out).");
        group.MapPost("/users/{userId:guid}/password-reset", async (Guid userId, IClusterClient cluster) =>
            {
                await Admin(cluster).SendPasswordReset(userId);
                return TypedResults.Accepted((string?)null);
            })
            .WithSummary("Sends the user a password reset token, as if they had asked for it; their password stays until they use it.");
        group.MapPost("/operators", Invite)
            .WithSummary("Creates another operator; the invitation token that sets their password goes to their e-mail.");
        group.MapGet("/audit", (IClusterClient cluster, Guid? operatorId = null, Guid? targetId = null, int page = 1, int pageSize = 50, string? after = null) =>
                cluster.GetGrain<IOperatorAuditGrain>(0).List(new AuditQuery(operatorId, targetId, page, pageSize, after)))
            .WithSummary("Every operator request that changed or tried to change something, on any gateway, newest first; by operator or target id; follow 'next' with after=.");
        return routes;
    }

    private static async Task<Ok<AccountResponse>> ChangeStatus(Guid userId, ChangeAccountStatusRequest request, HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(AccountResponse.From(await Admin(cluster).ChangeStatus(http.User.GetUserId(), userId, request.Status)));

    private static async Task<Created<AccountResponse>> Invite(InviteOperatorRequest request, IClusterClient cluster)
    {
        var account = await Admin(cluster).InviteOperator(request.Email, request.DisplayName);
        return TypedResults.Created($"/operator/users/{account.UserId}", AccountResponse.From(account));
    }

    private static Ok<PagedList<AccountResponse>> Page(PagedList<UserAccount> accounts) =>
        TypedResults.Ok(new PagedList<AccountResponse>(accounts.Items.Select(AccountResponse.From).ToList(), accounts.Page, accounts.PageSize,
            accounts.Total, accounts.Next));

    private static IAccountAdminGrain Admin(IClusterClient cluster) => cluster.GetGrain<IAccountAdminGrain>(0);
}
