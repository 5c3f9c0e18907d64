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

/// <summary>What operators do to accounts, each recorded in the audit trail; stateless, call it with key 0.</summary>
public interface IAccountAdminGrain : IGrainWithIntegerKey
{
    Task<UserAccount> Get(Guid userId);

    /// <summary>Approves, disables or enables an account; disabling ends its sessions at once and refuses new ones.</summary>
    Task<UserAccount> ChangeStatus(Guid operatorId, Guid userId, AccountStatus status, string? reason);

    Task<int> RevokeAllSessions(Guid operatorId, Guid userId);

    /// <summary>Creates another operator, who sets a password with the invitation (a reset token) sent to the e-mail.</summary>
    Task<UserAccount> InviteOperator(Guid operatorId, string email, string displayName);

    /// <summary>Accounts waiting for an operator's approval, oldest first.</summary>
    Task<PagedList<UserAccount>> PendingApproval(int page, int pageSize);
}

/// <summary>The ids of accounts awaiting approval (key 0).</summary>
public interface IPendingAccountsGrain : IGrainWithIntegerKey
{
    Task Add(Guid userId);

    Task Remove(Guid userId);

    Task<List<Guid>> List();
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

/// <summary>One thing an operator did, for the audit trail.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Guid OperatorId,
    [property: Id(2)] string Action,
    [property: Id(3)] Guid? TargetUserId,
    [property: Id(4)] string? Detail);

/// <summary>The operators' audit trail of one calendar month (key <c>yyyy-MM</c>, UTC), append-only.</summary>
public interface IOperatorAuditGrain : IGrainWithStringKey
{
    Task Record(AuditEntry entry);

    /// <summary>The month's entries, newest first.</summary>
    Task<PagedList<AuditEntry>> List(int page, int pageSize);
}

public static class AuditMonths
{
    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
