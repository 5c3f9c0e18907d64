using Marketplace.Grains.Common;
using Marketplace.Grains.Returns;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Returns;

namespace Marketplace.Core.Tests.Returns;

/// <summary>
/// One return driven through the pure core, as its shell does: a sub-order of two kettles and a lipstick delivered at
/// <see cref="Delivered"/>, commands decided at the story's clock and folded into the state (one version per decision).
/// </summary>
internal sealed class ReturnStory
{
    public static readonly DateTimeOffset Delivered = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly Guid Kettle = Guid.NewGuid();
    public static readonly Guid Lipstick = Guid.NewGuid();

    public static ReturnsOptions Options() => new()
    {
        SellerDecisionWindow = TimeSpan.FromDays(3),
        FirstRefundRetryDelay = TimeSpan.FromMinutes(1),
        MaxRefundRetryDelay = TimeSpan.FromMinutes(5),
        MaxParcelAttempts = 2,
        Categories = new(StringComparer.Ordinal)
        {
            ["beauty"] = new CategoryReturnRules { ChangeOfMind = ChangeOfMindPolicy.Refuse, Window = TimeSpan.FromDays(7) },
            ["home/kitchen"] = new CategoryReturnRules { Window = TimeSpan.FromDays(30) },
        },
    };

    public ReturnStory(ReturnsOptions? options = null) => Core = new ReturnCore(options ?? Options());

    public ReturnCore Core { get; }
    public Guid ReturnId { get; } = Guid.NewGuid();
    public Guid ShopperId { get; } = Guid.NewGuid();
    public Guid SellerId { get; } = Guid.NewGuid();
    public Guid OrderId { get; } = Guid.NewGuid();
    public Guid SellerOrderId { get; } = Guid.NewGuid();
    public ReturnState State { get; } = new();
    public DateTimeOffset Now { get; set; } = Delivered.AddDays(2);

    public DeliveredSubOrder SubOrder(SellerOrderStatus status = SellerOrderStatus.Delivered) => new(OrderId, SellerOrderId, SellerId, ShopperId,
        OrderIds.Payment(OrderId), status, status == SellerOrderStatus.Delivered ? Delivered : null,
        [new OrderLine(Kettle, "KETTLE-1", SellerId, "Kettle", 1500m, 2), new OrderLine(Lipstick, "LIP-1", SellerId, "Lipstick", 799.5m, 1)], "RUB",
        new DeliveryAddress("Ivan Petrov", "Tverskaya 1", null, "Moscow", "125009", "RU", null));

    public static Dictionary<Guid, string> Categories => new() { [Kettle] = "home/kitchen", [Lipstick] = "beauty/makeup" };

    public RequestReturn Request(ReturnReason reason = ReturnReason.Defective, params ReturnItemRequest[] items) =>
        new(ShopperId, $"hash-{reason}-{items.Length}", OrderId, SellerOrderId,
            items.Length > 0 ? items : [new ReturnItemRequest(Kettle, "KETTLE-1", 1)], reason, "It leaks.", ReturnMethod.CourierPickup);

    public OpenReturn Open(RequestReturn? request = null, DeliveredSubOrder? subOrder = null) =>
        new(ReturnId, request ?? Request(), subOrder ?? SubOrder(), Categories);

    public Decision<ReturnEvent> Decide(ReturnCommand command) => Core.Decide(State, command, Now);

    public Decision<ReturnEvent> When(ReturnCommand command)
    {
        var decision = Decide(command);
        foreach (var change in decision.Events)
        {
            ReturnCore.Apply(State, change);
        }
        if (!decision.IsEmpty)
        {
            State.Version++;
        }
        return decision;
    }

    /// <summary>Requested for a defect and approved by the seller.</summary>
    public static ReturnStory Approved()
    {
        var story = new ReturnStory();
        story.When(story.Open());
        story.When(new SellerDecides(story.SellerId, Approve: true, null, story.State.Version));
        return story;
    }

    /// <summary>Approved, collected by the courier and received by the seller (resellable): the refund's first attempt is owed.</summary>
    public static ReturnStory Received()
    {
        var story = Approved();
        story.When(new ParcelLeft(story.State.ShipmentId!.Value, null));
        story.When(new SellerReceives(story.SellerId, Resellable: true, null, story.State.Version));
        return story;
    }
}
