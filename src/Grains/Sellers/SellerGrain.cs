using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Moderation;
using Marketplace.Identity;
using Marketplace.Sellers;
using Marketplace.Sellers.Events;

namespace Marketplace.Grains.Sellers;

/// <summary>
/// The shell of a seller's account (<see cref="SellerCore"/> decides): each change is written with its
/// <see cref="SellerChanged"/> event and what it owes (a suspension signs the seller out) in one write (<see cref="AggregateGrain"/>).
/// </summary>
public sealed class SellerGrain(
    [PersistentState("seller", StorageNames.Sellers)] IPersistentState<SellerGrain.SellerState> state,
    ForbiddenContent forbidden,
    OutboxRuntime outbox)
    : AggregateGrain(outbox), ISellerGrain
{
    private SellerState State => state.State;

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    private Guid SellerId => this.GetPrimaryKey();

    public Task<SellerProfile> Onboard(SellerApplication application) => Handle(new OnboardSeller(application, Clock.GetUtcNow()));

    public Task<SellerProfile> Get() => Task.FromResult(SellerCore.Profile(State, SellerId));

    public Task<SellerPublicProfile> GetPublic() =>
        State.Details is { } details && State.Status == SellerStatus.Active
            ? Task.FromResult(new SellerPublicProfile(SellerId, details.DisplayName, State.Status))
            : throw new NotFoundException($"Seller {SellerId} has not onboarded.");

    public Task<SellerProfile> Edit(long expectedVersion, SellerApplication application) =>
        Handle(new EditSellerProfile(expectedVersion, application, Clock.GetUtcNow()));

    public Task<SellerProfile> ChangeStatus(SellerStatus status, string? reason) => Handle(new ChangeSellerStatus(status, reason, Clock.GetUtcNow()));

    public Task<SellerStatus?> GetStatus() => Task.FromResult(State.Details is null ? (SellerStatus?)null : State.Status);

    protected override Task Perform(IAggregateEffect effect) => effect switch
    {
        RevokeSellerSessions => GrainFactory.GetGrain<IUserSessionsGrain>(SellerId).RevokeAll(),
        _ => base.Perform(effect),
    };

    private async Task<SellerProfile> Handle(SellerCommand command)
    {
        var events = SellerCore.Decide(State, SellerId, command, forbidden);
        foreach (var happened in events)
        {
            SellerCore.Apply(State, happened);
            Raise(StreamNames.Sellers, SellerId.ToString(), new SellerChanged(SellerId, State.Details!.DisplayName, State.Status, State.Version, State.UpdatedAt));
            foreach (var effect in SellerCore.Effects(happened))
            {
                Enqueue(effect);
            }
        }
        if (events.Count > 0)
        {
            await Commit();
        }
        return SellerCore.Profile(State, SellerId);
    }

    [GenerateSerializer]
    public sealed class SellerState
    {
        [Id(0)] public SellerApplication? Details { get; set; }
        [Id(1)] public SellerStatus Status { get; set; }
        [Id(2)] public string? StatusReason { get; set; }
        [Id(3)] public long Version { get; set; }
        [Id(4)] public DateTimeOffset CreatedAt { get; set; }
        [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
        [Id(6)] public EventOutbox Outbox { get; set; } = new();
    }
}
