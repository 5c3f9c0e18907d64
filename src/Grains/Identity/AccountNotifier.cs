using Marketplace.Common;
using Marketplace.Identity;

namespace Marketplace.Grains.Identity;

/// <summary>
/// The notification port of the identity context: how a reset token or an invitation reaches the account holder.
/// The adapter here stores the message in the address's outbox; an e-mail adapter would relay it over SMTP instead.
/// </summary>
public interface IAccountNotifier
{
    Task Send(string email, AccountNotification notification);
}

internal sealed class OutboxAccountNotifier(IGrainFactory grains) : IAccountNotifier
{
    public Task Send(string email, AccountNotification notification) =>
        grains.GetGrain<INotificationOutboxGrain>(EmailAddress.Normalise(email)).Deliver(notification);
}

public sealed class NotificationOutboxGrain(
    [PersistentState("notification-outbox", StorageNames.Users)] IPersistentState<NotificationOutboxGrain.OutboxState> state)
    : Grain, INotificationOutboxGrain
{
    // A mailbox, not an archive: older messages have long been read or expired.
    private const int Kept = 20;

    public async Task Deliver(AccountNotification notification)
    {
        state.State.Messages.Insert(0, notification);
        if (state.State.Messages.Count > Kept)
        {
            state.State.Messages.RemoveRange(Kept, state.State.Messages.Count - Kept);
        }
        await state.WriteStateAsync();
    }

    public Task<List<AccountNotification>> Recent() => Task.FromResult(state.State.Messages.ToList());

    [GenerateSerializer]
    public sealed class OutboxState
    {
        [Id(0)] public List<AccountNotification> Messages { get; set; } = [];
    }
}
