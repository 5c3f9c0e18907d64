using Marketplace.Grains.Ordering;
using Marketplace.Logistics;
using Marketplace.Ordering;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>Orders and sub-orders at a chosen point of their life, built by folding the cores' own events.</summary>
public static class CheckoutSamples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly OrderingOptions Options = new() { PaymentTimeout = TimeSpan.FromMinutes(15), MaxLines = 3 };
    public static readonly Guid Kettles = Guid.NewGuid();
    public static readonly Guid Toasters = Guid.NewGuid();
    public static readonly DeliveryAddress Address = new("Ivan Petrov", "Tverskaya 1", null, "Moscow", "125009", "RU", null);

    public static CheckoutSaga Saga { get; } = new(Options);

    public static List<OrderLine> Lines() =>
    [
        new(Guid.NewGuid(), "KETTLE-1", Kettles, "Kettle", 1500m, 2),
        new(Guid.NewGuid(), "TOASTER-1", Toasters, "Toaster", 2499.99m, 1),
    ];

    public static PlaceOrder Request(Guid shopperId, string hash = "first") =>
        new(shopperId, hash, [new OrderLineRequest(Guid.NewGuid(), "KETTLE-1", 2)], Address, "pm_card_visa");

    public static PlaceCheckout Place(Guid orderId, Guid shopperId, List<OrderLine>? lines = null, string hash = "first") =>
        new(orderId, Request(shopperId, hash), lines ?? Lines(), new HashSet<string> { "RUB" });

    /// <summary>Runs commands through decide and apply, as the shell does; returns the state and every decision.</summary>
    public static (OrderState State, List<Marketplace.Grains.Common.Decision<CheckoutEvent>> Decisions) Run(OrderState state, DateTimeOffset at,
        params CheckoutCommand[] commands)
    {
        var decisions = new List<Marketplace.Grains.Common.Decision<CheckoutEvent>>();
        foreach (var command in commands)
        {
            var decision = Saga.Decide(state, command, at);
            foreach (var change in decision.Events)
            {
                CheckoutSaga.Apply(state, change);
            }
            decisions.Add(decision);
        }
        return (state, decisions);
    }

    public static OrderState Placed(out Guid orderId, Guid? shopperId = null)
    {
        orderId = Guid.NewGuid();
        return Run(new OrderState(), Now, Place(orderId, shopperId ?? Guid.NewGuid())).State;
    }

    public static OrderState AwaitingPayment(out Guid orderId) => Run(Placed(out orderId), Now, new StockReserved()).State;

    public static OrderState Paid(out Guid orderId)
    {
        var state = AwaitingPayment(out orderId);
        return Run(state, Now, new PaymentAnswered(Payment(state, Marketplace.Payments.PaymentStatus.Authorised)), new OrderConfirmed()).State;
    }

    public static Marketplace.Payments.PaymentView Payment(OrderState state, Marketplace.Payments.PaymentStatus status, string? declineCode = null,
        string? failure = null) =>
        new(state.PaymentId!.Value, state.OrderId, status, 549999, "RUB", 0, 0, 0, declineCode, failure, []);
}
