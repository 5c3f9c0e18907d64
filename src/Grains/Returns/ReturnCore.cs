using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Ordering;
using Marketplace.Returns;
using Marketplace.Returns.Events;
using Decision = Marketplace.Grains.Common.Decision<Marketplace.Grains.Returns.ReturnEvent>;

namespace Marketplace.Grains.Returns;

/// <summary>
/// A return as plain code: requested within the category's window after delivery; approved by the seller, by an
/// operator, by the category's rule for a change of mind or when the seller's deadline passes; carried back as a return
/// parcel; received by the seller with the goods' condition; refunded through the order's payment, one payment
/// operation per attempt, a refused attempt followed by the next after a back-off. No I/O, no clock: the command's
/// instant comes from the shell (<see cref="ReturnGrain"/>).
/// </summary>
public sealed class ReturnCore(ReturnsOptions options)
{
    public const int MaxItems = 50;
    public const int MaxComment = 1000;
    public const int MaxReason = 500;
    private const int MaxSku = 100;

    public Decision Decide(ReturnState state, ReturnCommand command, DateTimeOffset now) => command switch
    {
        OpenReturn open => Open(state, open, now),
        _ when !state.IsOpen => throw new NotFoundException("The return does not exist."),
        SellerDecides decides => SellerDecision(state, decides, now),
        DeadlinePassed when state.Status == ReturnStatus.Requested && now >= state.SellerDeadline =>
            Approve(Ids.Of(state), state.ParcelAttempt, now, ReturnDecider.Automatic, "system", "The seller did not decide in time."),
        ShopperDisputes dispute => Dispute(state, dispute, now),
        OperatorDecides decides => Arbitrate(state, decides, now),
        ParcelLeft left when IsCurrentParcel(state, left.ShipmentId) && state.Status == ReturnStatus.Approved =>
            ParcelMoved(state, now, ReturnStatus.InTransit, left.TrackingNumber is null ? "Picked up by the courier." : $"Tracking {left.TrackingNumber}.",
                left.TrackingNumber),
        ParcelArrived arrived when IsCurrentParcel(state, arrived.ShipmentId) && state.Status is ReturnStatus.Approved or ReturnStatus.InTransit =>
            ParcelMoved(state, now, ReturnStatus.Arrived, $"Delivered to the seller at {arrived.At:u}.", null),
        ParcelLost lost when IsCurrentParcel(state, lost.ShipmentId) && state.Status is ReturnStatus.Approved or ReturnStatus.InTransit => ParcelFailed(state, lost, now),
        SellerReceives receives => Receive(state, receives, now),
        RefundAnswered answered when answered.Attempt == state.RefundAttempt && state.Status is ReturnStatus.Received or ReturnStatus.RefundFailed =>
            Refunded(state, answered, now),
        _ => Decision.None,
    };

    public static ReturnState Apply(ReturnState state, ReturnEvent change)
    {
        switch (change)
        {
            case ReturnOpened opened:
                var request = opened.Request;
                var subOrder = opened.SubOrder;
                state.ReturnId = opened.ReturnId;
                state.RequestHash = request.RequestHash;
                state.OrderId = subOrder.OrderId;
                state.SellerOrderId = subOrder.SellerOrderId;
                state.SellerId = subOrder.SellerId;
                state.ShopperId = subOrder.ShopperId;
                state.PaymentId = subOrder.PaymentId;
                state.Reason = request.Reason;
                state.Comment = request.Comment;
                state.Method = request.Method;
                state.Lines = opened.Lines.ToList();
                state.Currency = subOrder.Currency;
                state.PickupAddress = subOrder.Address;
                state.RequestedAt = opened.At;
                state.SellerDeadline = opened.SellerDeadline;
                break;
            case ReturnMoved moved:
                state.Status = moved.Status;
                state.History.Add(new ReturnStatusEntry(moved.Status, moved.At, moved.Actor, moved.Note));
                break;
            case DisputeOpened:
                state.Disputed = true;
                break;
            case ParcelArranged arranged:
                state.ParcelAttempt = arranged.Attempt;
                state.TrackingNumber = null;
                break;
            case TrackingNumberKnown tracking:
                state.TrackingNumber = tracking.TrackingNumber;
                break;
            case ConditionConfirmed condition:
                state.Resellable = condition.Resellable;
                break;
            case RefundAttempted attempted:
                state.RefundAttempt = attempted.Attempt;
                break;
            case RefundRefused refused:
                state.RefundError = refused.Error;
                break;
        }
        return state;
    }

    /// <summary>NotFoundException unless <paramref name="partyId"/> is the return's shopper or seller: nobody else learns it exists.</summary>
    public static void RequireParty(ReturnState state, ReturnParty party, Guid partyId)
    {
        if (!state.IsOpen || partyId != (party == ReturnParty.Shopper ? state.ShopperId : state.SellerId))
        {
            throw new NotFoundException($"Return {state.ReturnId} does not exist.");
        }
    }

    public static ReturnView View(ReturnState state) => new(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, state.ShopperId,
        state.Status, state.Reason, state.Comment, state.Method, state.Lines, state.Lines.Sum(l => l.Subtotal), state.Currency, state.RequestedAt,
        state.SellerDeadline, state.ShipmentId, state.TrackingNumber, state.Resellable, state.RefundId, state.RefundAttempt, state.RefundError,
        state.History, state.Version);

    private Decision Open(ReturnState state, OpenReturn open, DateTimeOffset now)
    {
        var request = open.Request;
        if (state.IsOpen)
        {
            return state.RequestHash == request.RequestHash
                ? Decision.None
                : throw new ConflictException($"Return {open.ReturnId} was already requested with another request under this idempotency key.");
        }
        var subOrder = open.SubOrder;
        if (subOrder.ShopperId != request.ShopperId || subOrder.OrderId != request.OrderId || subOrder.SellerOrderId != request.SellerOrderId)
        {
            throw new NotFoundException($"Sub-order {request.SellerOrderId} of order {request.OrderId} does not exist.");
        }
        var lines = Lines(request, subOrder);
        if (subOrder.Status != SellerOrderStatus.Delivered || subOrder.DeliveredAt is not { } deliveredAt)
        {
            throw new ConflictException($"Sub-order {subOrder.SellerOrderId} is {subOrder.Status}; only delivered goods can be returned.");
        }
        var rules = lines.Select(l => (Line: l, Rules: options.RulesFor(open.Categories.GetValueOrDefault(l.ProductId, "")))).ToList();
        if (rules.FirstOrDefault(r => now > deliveredAt + r.Rules.Window) is { Line: not null } closed)
        {
            throw new ConflictException($"The return window of {closed.Line.Title} closed at {deliveredAt + closed.Rules.Window:u}.");
        }
        var changedMind = request.Reason == ReturnReason.ChangedMind;
        if (changedMind && rules.FirstOrDefault(r => r.Rules.ChangeOfMind == ChangeOfMindPolicy.Refuse) is { Line: not null } refused)
        {
            throw new ConflictException($"{refused.Line.Title} can only be returned with a fault, not for a change of mind.");
        }

        var ids = new Ids(open.ReturnId, subOrder.OrderId, subOrder.SellerOrderId, subOrder.SellerId);
        var deadline = now + options.SellerDecisionWindow;
        var opened = new Decision(
            [new ReturnOpened(now, open.ReturnId, request, subOrder, lines, deadline), new ReturnMoved(now, ReturnStatus.Requested, "shopper", request.Comment)],
            [new ReturnRequested(open.ReturnId, subOrder.OrderId, subOrder.SellerOrderId, subOrder.SellerId, subOrder.ShopperId, request.Reason, lines,
                Money.ToMinor(lines.Sum(l => l.Subtotal)), subOrder.Currency)],
            []);
        return changedMind && rules.All(r => r.Rules.ChangeOfMind == ChangeOfMindPolicy.Accept)
            ? Then(opened, Approve(ids, 0, now, ReturnDecider.Automatic, "system", "A change of mind is accepted in this category."))
            : Then(opened, new Decision([], [], [new SellerDeadlineEffect(deadline)]));
    }

    /// <summary>The requested items as lines of the sub-order (merged per SKU, at the price paid), each within what was delivered.</summary>
    private static List<ReturnLine> Lines(RequestReturn request, DeliveredSubOrder subOrder)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(request.Reason)) errors["reason"] = ["Defective, WrongItem, NotAsDescribed or ChangedMind."];
        if (!Enum.IsDefined(request.Method)) errors["method"] = ["CourierPickup or CarrierDropOff."];
        if (TextRules.Error(request.Comment, multiline: true) is { } commentError) errors["comment"] = [commentError];
        else if (request.Comment is { Length: > MaxComment }) errors["comment"] = [$"At most {MaxComment} characters."];
        if (request.Items is not { Count: > 0 and <= MaxItems })
        {
            errors["items"] = [$"1 to {MaxItems} items."];
            throw new ValidationException(errors);
        }
        var lines = new List<ReturnLine>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var line = subOrder.Lines.FirstOrDefault(l => l.ProductId == item.ProductId && l.Sku == item.Sku);
            if (item.Sku is not { Length: > 0 and <= MaxSku } || line is null)
            {
                errors[$"items[{i}]"] = ["Not an item of this sub-order."];
                continue;
            }
            if (item.Quantity <= 0)
            {
                errors[$"items[{i}].quantity"] = ["At least 1."];
                continue;
            }
            var index = lines.FindIndex(l => l.ProductId == line.ProductId && l.Sku == line.Sku);
            var quantity = item.Quantity + (index >= 0 ? lines[index].Quantity : 0);
            if (quantity > line.Quantity)
            {
                errors[$"items[{i}].quantity"] = [$"{line.Quantity} of {line.Sku} were delivered."];
                continue;
            }
            var merged = new ReturnLine(line.ProductId, line.Sku, line.Title, line.PaidUnitPrice, quantity);
            if (index >= 0) lines[index] = merged; else lines.Add(merged);
        }
        return errors.Count > 0 ? throw new ValidationException(errors) : lines;
    }

    private static Decision SellerDecision(ReturnState state, SellerDecides decides, DateTimeOffset now)
    {
        RequireParty(state, ReturnParty.Seller, decides.SellerId);
        if (Repeats(state, decides.Approve))
        {
            return Decision.None;
        }
        if (state.Status != ReturnStatus.Requested)
        {
            throw new ConflictException($"Return {state.ReturnId} is {state.Status}; only a requested return can be approved or rejected.");
        }
        RequireVersion(state, decides.ExpectedVersion);
        return decides.Approve
            ? Approve(Ids.Of(state), state.ParcelAttempt, now, ReturnDecider.Seller, "seller", Text(decides.Reason, "reason", required: false))
            : Reject(Ids.Of(state), now, ReturnDecider.Seller, "seller", Text(decides.Reason, "reason", required: true)!);
    }

    private static Decision Dispute(ReturnState state, ShopperDisputes dispute, DateTimeOffset now)
    {
        RequireParty(state, ReturnParty.Shopper, dispute.ShopperId);
        var reason = Text(dispute.Reason, "reason", required: true)!;
        if (state.Status == ReturnStatus.Disputed)
        {
            return Decision.None;
        }
        if (state.Status != ReturnStatus.Rejected || state.Disputed || state.History[^1].Actor != "seller")
        {
            throw new ConflictException($"Return {state.ReturnId} is {state.Status}; only a seller's rejection can be disputed, once.");
        }
        return new Decision([new DisputeOpened(now), new ReturnMoved(now, ReturnStatus.Disputed, "shopper", reason)],
            [new ReturnStatusChanged(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, ReturnStatus.Disputed, reason)], []);
    }

    private static Decision Arbitrate(ReturnState state, OperatorDecides decides, DateTimeOffset now)
    {
        var reason = Text(decides.Reason, "reason", required: true)!;
        if (Repeats(state, decides.Approve))
        {
            return Decision.None;
        }
        if (state.Status is not (ReturnStatus.Requested or ReturnStatus.Disputed))
        {
            throw new ConflictException($"Return {state.ReturnId} is {state.Status}; an operator decides a requested or disputed return.");
        }
        // An operator's word is final: a rejection by an operator cannot be disputed.
        var final = new Decision([new DisputeOpened(now)], [], []);
        return Then(final, decides.Approve
            ? Approve(Ids.Of(state), state.ParcelAttempt, now, ReturnDecider.Operator, "operator", reason)
            : Reject(Ids.Of(state), now, ReturnDecider.Operator, "operator", reason));
    }

    private Decision ParcelFailed(ReturnState state, ParcelLost lost, DateTimeOffset now)
    {
        if (state.ParcelAttempt >= options.MaxParcelAttempts)
        {
            return Reject(Ids.Of(state), now, ReturnDecider.Automatic, "logistics",
                $"The return parcel failed {state.ParcelAttempt} times, last: {lost.Reason}");
        }
        var attempt = state.ParcelAttempt + 1;
        var note = $"The return parcel failed ({lost.Reason}); another one is arranged.";
        return new Decision([new ReturnMoved(now, ReturnStatus.Approved, "logistics", note), new ParcelArranged(now, attempt)],
            [new ReturnStatusChanged(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, ReturnStatus.Approved, note)],
            [new OpenReturnParcelEffect(attempt)]);
    }

    private static Decision Receive(ReturnState state, SellerReceives receives, DateTimeOffset now)
    {
        RequireParty(state, ReturnParty.Seller, receives.SellerId);
        var note = Text(receives.Note, "note", required: false);
        if (state.Status is ReturnStatus.Received or ReturnStatus.Refunded or ReturnStatus.RefundFailed)
        {
            return state.Resellable == receives.Resellable
                ? Decision.None
                : throw new ConflictException($"Return {state.ReturnId} was already received as {(state.Resellable == true ? "resellable" : "not resellable")}.");
        }
        if (state.Status is not (ReturnStatus.InTransit or ReturnStatus.Arrived))
        {
            throw new ConflictException($"Return {state.ReturnId} is {state.Status}; its parcel has not been sent back yet.");
        }
        RequireVersion(state, receives.ExpectedVersion);
        List<IAggregateEffect> effects = receives.Resellable ? [new RestockReturnEffect()] : [];
        effects.Add(new RefundEffect(1, now));
        return new Decision(
            [new ConditionConfirmed(now, receives.Resellable), new ReturnMoved(now, ReturnStatus.Received, "seller",
                note ?? (receives.Resellable ? "Resellable: back on sale." : "Not resellable.")), new RefundAttempted(now, 1)],
            [new ReturnReceived(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, receives.Resellable, note)],
            effects);
    }

    private Decision Refunded(ReturnState state, RefundAnswered answered, DateTimeOffset now)
    {
        var refundId = state.RefundId!.Value;
        if (answered.Succeeded)
        {
            return Decision.Of(new ReturnMoved(now, ReturnStatus.Refunded, "processor", $"{state.Lines.Sum(l => l.Subtotal)} {state.Currency} refunded."),
                new RefundIssued(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, state.PaymentId, refundId, state.AmountMinor, state.Currency));
        }
        var error = answered.Error ?? "refused";
        var next = answered.Attempt + 1;
        List<ReturnEvent> events = [new RefundRefused(now, error)];
        if (state.Status != ReturnStatus.RefundFailed)
        {
            events.Add(new ReturnMoved(now, ReturnStatus.RefundFailed, "processor", $"The processor refused the refund ({error}); it is retried."));
        }
        events.Add(new RefundAttempted(now, next));
        return new Decision(events,
            [new RefundFailed(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, refundId, state.AmountMinor, state.Currency, answered.Attempt, error)],
            [new RefundEffect(next, now + options.RefundRetryDelay(answered.Attempt))]);
    }

    private static Decision ParcelMoved(ReturnState state, DateTimeOffset now, ReturnStatus status, string note, string? trackingNumber)
    {
        List<ReturnEvent> events = [new ReturnMoved(now, status, "logistics", note)];
        if (trackingNumber is not null)
        {
            events.Add(new TrackingNumberKnown(now, trackingNumber));
        }
        return new Decision(events, [new ReturnStatusChanged(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId, status, note)], []);
    }

    private static Decision Approve(Ids ids, int parcelAttempt, DateTimeOffset now, ReturnDecider decider, string actor, string? note) => new(
        [new ReturnMoved(now, ReturnStatus.Approved, actor, note), new ParcelArranged(now, parcelAttempt + 1)],
        [new ReturnApproved(ids.ReturnId, ids.OrderId, ids.SellerOrderId, ids.SellerId, decider, note)],
        [new OpenReturnParcelEffect(parcelAttempt + 1)]);

    private static Decision Reject(Ids ids, DateTimeOffset now, ReturnDecider decider, string actor, string reason) => new(
        [new ReturnMoved(now, ReturnStatus.Rejected, actor, reason)],
        [new ReturnRejected(ids.ReturnId, ids.OrderId, ids.SellerOrderId, ids.SellerId, decider, reason)], []);

    /// <summary>A decision already taken the same way: approving an approved return (or one further along), rejecting a rejected one.</summary>
    private static bool Repeats(ReturnState state, bool approve) => approve
        ? state.Status is not (ReturnStatus.Requested or ReturnStatus.Rejected or ReturnStatus.Disputed)
        : state.Status == ReturnStatus.Rejected;

    private static bool IsCurrentParcel(ReturnState state, Guid shipmentId) => state.ShipmentId == shipmentId;

    private static void RequireVersion(ReturnState state, long expected)
    {
        if (expected != state.Version)
        {
            throw new VersionMismatchException(expected, state.Version);
        }
    }

    private static string? Text(string? text, string field, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException(field, $"Say why, in 1 to {MaxReason} characters.");
        }
        return TextRules.Optional(text, field, MaxReason, multiline: true);
    }

    private static Decision Then(Decision first, Decision second) =>
        new([.. first.Events, .. second.Events], [.. first.Published, .. second.Published], [.. first.Effects, .. second.Effects]);

    /// <summary>What every event of a return names.</summary>
    private sealed record Ids(Guid ReturnId, Guid OrderId, Guid SellerOrderId, Guid SellerId)
    {
        public static Ids Of(ReturnState state) => new(state.ReturnId, state.OrderId, state.SellerOrderId, state.SellerId);
    }
}
