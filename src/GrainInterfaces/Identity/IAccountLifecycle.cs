using Marketplace.Common;

namespace Marketplace.Identity;

/// <summary>Password change and reset; stateless, call it with key 0.</summary>
public interface IPasswordGrain : IGrainWithIntegerKey
{
    /// <summary>Sets a new password and ends every other session of the user; ValidationException when the current one is wrong.</summary>
    Task Change(Guid userId, Guid currentSessionId, string currentPassword, string newPassword);

    /// <summary>Sends a single-use, expiring reset token to the account's e-mail; does nothing (and says nothing) for an unknown one.</summary>
    Task RequestReset(string email);

    /// <summary>Sets the password a reset token was issued for and ends every session; ValidationException when the token is unknown, used or expired.</summary>
    Task Reset(string resetToken, string newPassword);
}

/// <summary>What operators do to accounts (the gateways record each request in the audit trail); stateless, call it with key 0.</summary>
public interface IAccountAdminGrain : IGrainWithIntegerKey
{
    Task<UserAccount> Get(Guid userId);

    /// <summary>Approves, disables or enables an account; disabling ends its sessions at once and refuses new ones (the reason is in the audit trail).</summary>
    Task<UserAccount> ChangeStatus(Guid operatorId, Guid userId, AccountStatus status);

    Task<int> RevokeAllSessions(Guid userId);

    /// <summary>Sends the account holder a password reset token, as if they had asked for one themselves.</summary>
    Task SendPasswordReset(Guid userId);

    /// <summary>Creates another operator, who sets a password with the invitation (a reset token) sent to the e-mail.</summary>
    Task<UserAccount> InviteOperator(string email, string displayName);

    /// <summary>Accounts waiting for an operator's approval, oldest first; <paramref name="after"/> continues a keyset walk.</summary>
    Task<PagedList<UserAccount>> PendingApproval(int page, int pageSize, string? after);
}

/// <summary>A message to an account holder (reset token, invitation), as the notification port delivers it.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountNotification(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Body,
    [property: Id(3)] string? Token,
    [property: Id(4)] DateTimeOffset SentAt);

public static class AccountNotificationKinds
{
    public const string PasswordReset = "password-reset";
    public const string OperatorInvitation = "operator-invitation";
}

/// <summary>
/// The messages delivered to one e-mail address (keyed by the normalised address): the marketplace's notification store,
/// read by a mail relay or, on a machine without one, by the tests.
/// </summary>
public interface INotificationOutboxGrain : IGrainWithStringKey
{
    Task Deliver(AccountNotification notification);

    /// <summary>The newest messages first.</summary>
    Task<List<AccountNotification>> Recent();
}

/// <summary>
/// A request an operator made to change something, as the gateway that served it saw it: the route it matched
/// (<see cref="Action"/>, e.g. <c>PUT /operator/users/{userId}/status</c>), the concrete path, the first id in it,
/// the answer's status code, the client's address, and its JSON body with secrets masked.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OperatorAction(
    [property: Id(0)] Guid OperatorId,
    [property: Id(1)] string Gateway,
    [property: Id(2)] string Action,
    [property: Id(3)] string Path,
    [property: Id(4)] Guid? TargetId,
    [property: Id(5)] int Status,
    [property: Id(6)] string ClientAddress,
    [property: Id(7)] string? Detail);

/// <summary>One entry of the audit trail: an operator's action and when the trail received it.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Guid OperatorId,
    [property: Id(3)] string Gateway,
    [property: Id(4)] string Action,
    [property: Id(5)] string Path,
    [property: Id(6)] Guid? TargetId,
    [property: Id(7)] int Status,
    [property: Id(8)] string ClientAddress,
    [property: Id(9)] string? Detail)
{
    public static AuditEntry Of(Guid id, DateTimeOffset at, OperatorAction action) => new(id, at, action.OperatorId, action.Gateway, action.Action,
        action.Path, action.TargetId, action.Status, action.ClientAddress, action.Detail);
}

/// <summary>Which part of the audit trail to read: all of it, one operator's actions, the actions on one target, or both.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] Guid? OperatorId,
    [property: Id(1)] Guid? TargetId,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize,
    [property: Id(4)] string? After);

/// <summary>The operators' audit trail, append-only, in a table (stateless, key 0).</summary>
public interface IOperatorAuditGrain : IGrainWithIntegerKey
{
    Task Record(OperatorAction action);

    /// <summary>Newest first; <see cref="PagedList{T}.Next"/> continues a keyset walk.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<AuditEntry>> List(AuditQuery query);
}
