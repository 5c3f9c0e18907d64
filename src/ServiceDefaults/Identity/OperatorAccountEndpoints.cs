using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Marketplace.ServiceDefaults.Identity;

public sealed record ChangeAccountStatusRequest(AccountStatus Status, string? Reason);

public sealed record InviteOperatorRequest(string Email, string DisplayName);

public sealed record RevokedSessionsResponse(Guid UserId, int Revoked);

internal static class OperatorAccountEndpoints
{
    /// <summary>Operators' account chores on the seller and logistics gateways, each one recorded in the audit trail.</summary>
    public static IEndpointRouteBuilder MapOperatorAccounts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/operator").WithTags("Operator").RequireAuthorization(MarketplacePolicies.Operator);
        group.MapGet("/users/pending", async (IClusterClient cluster, int page = 1, int pageSize = 20) =>
                Page(await Admin(cluster).PendingApproval(page, pageSize)))
            .WithSummary("Accounts (couriers) waiting for approval, oldest first.");
        group.MapGet("/users/{userId:guid}", async (Guid userId, IClusterClient cluster) =>
            TypedResults.Ok(AccountResponse.From(await Admin(cluster).Get(userId))));
        group.MapPut("/users/{userId:guid}/status", ChangeStatus)
            .WithSummary("Active approves a pending account or enables a disabled one; Disabled blocks sign-in and ends its sessions at once.");
        group.MapDelete("/users/{userId:guid}/sessions", async (Guid userId, HttpContext http, IClusterClient cluster) =>
                TypedResults.Ok(new RevokedSessionsResponse(userId, await Admin(cluster).RevokeAllSessions(http.User.GetUserId(), userId))))
            .WithSummary("Ends every session of the user (they may sign in again; disable the account to keep them out).");
        group.MapPost("/operators", Invite)
            .WithSummary("Creates another operator; the invitation token that sets their password goes to their e-mail.");
        group.MapGet("/audit", ListAudit)
            .WithSummary("The operators' actions of one month (month=yyyy-MM, UTC; default this month), newest first.");
        return routes;
    }

    private static async Task<Ok<AccountResponse>> ChangeStatus(Guid userId, ChangeAccountStatusRequest request, HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(AccountResponse.From(await Admin(cluster).ChangeStatus(http.User.GetUserId(), userId, request.Status, request.Reason)));

    private static async Task<Created<AccountResponse>> Invite(InviteOperatorRequest request, HttpContext http, IClusterClient cluster)
    {
        var account = await Admin(cluster).InviteOperator(http.User.GetUserId(), request.Email, request.DisplayName);
        return TypedResults.Created($"/operator/users/{account.UserId}", AccountResponse.From(account));
    }

    private static Task<PagedList<AuditEntry>> ListAudit(IClusterClient cluster, TimeProvider clock, string? month = null, int page = 1, int pageSize = 50)
    {
        if (month is not null && !DateTime.TryParseExact(month, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out _))
        {
            throw new ValidationException("month", "A month such as 2026-12.");
        }
        return cluster.GetGrain<IOperatorAuditGrain>(month ?? AuditMonths.Of(clock.GetUtcNow())).List(page, pageSize);
    }

    private static Ok<PagedList<AccountResponse>> Page(PagedList<UserAccount> accounts) =>
        TypedResults.Ok(new PagedList<AccountResponse>(accounts.Items.Select(AccountResponse.From).ToList(), accounts.Page, accounts.PageSize, accounts.Total));

    private static IAccountAdminGrain Admin(IClusterClient cluster) => cluster.GetGrain<IAccountAdminGrain>(0);
}
