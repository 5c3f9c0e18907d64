using Marketplace.Common;
using Marketplace.Grains.Returns;
using Marketplace.Ordering;
using Marketplace.Returns;
using Marketplace.Returns.Events;
using static Marketplace.Core.Tests.Returns.ReturnStory;

namespace Marketplace.Core.Tests.Returns;

/// <summary>A return's life on the pure core: each rule, the events each step publishes and the effects it owes.</summary>
public sealed class ReturnCoreTests
{
    [Fact]
    public void A_defect_goes_to_the_seller_with_a_deadline_and_a_repeat_of_the_request_decides_nothing()
    {
        var story = new ReturnStory();

        var decision = story.When(story.Open());

        var requested = Assert.IsType<ReturnRequested>(Assert.Single(decision.Published));
        Assert.Equal((story.ReturnId, story.OrderId, story.SellerOrderId, story.SellerId, 150_000L, "RUB"),
            (requested.ReturnId, requested.OrderId, requested.SellerOrderId, requested.SellerId, requested.AmountMinor, requested.Currency));
        var deadline = Assert.IsType<SellerDeadlineEffect>(Assert.Single(decision.Effects));
        Assert.Equal(story.Now + TimeSpan.FromDays(3), deadline.Due);
        Assert.Equal((ReturnStatus.Requested, 1500m), (story.State.Status, ReturnCore.View(story.State).Amount));
        Assert.True(story.Decide(story.Open()).IsEmpty);
        Assert.Throws<ConflictException>(() => story.Decide(story.Open(story.Request(ReturnReason.WrongItem))));
    }

    [Fact]
    public void A_change_of_mind_is_approved_at_once_where_the_category_accepts_it_and_refused_where_it_does_not()
    {
        var kitchen = new ReturnStory();
        var decision = kitchen.When(kitchen.Open(kitchen.Request(ReturnReason.ChangedMind)));

        Assert.Equal(ReturnStatus.Approved, kitchen.State.Status);
        Assert.Equal(ReturnDecider.Automatic, Assert.Single(decision.Published.OfType<ReturnApproved>()).DecidedBy);
        Assert.Equal(new OpenReturnParcelEffect(1), Assert.Single(decision.Effects));

        var beauty = new ReturnStory();
        Assert.Throws<ConflictException>(() => beauty.Decide(beauty.Open(beauty.Request(ReturnReason.ChangedMind, new ReturnItemRequest(Lipstick, "LIP-1", 1)))));
        beauty.When(beauty.Open(beauty.Request(ReturnReason.Defective, new ReturnItemRequest(Lipstick, "LIP-1", 1))));
        Assert.Equal(ReturnStatus.Requested, beauty.State.Status);
    }

    [Fact]
    public void The_window_is_the_category_s_own_counted_from_the_delivery()
    {
        var kettle = new ReturnStory { Now = Delivered.AddDays(29) };
        kettle.When(kettle.Open());
        Assert.Equal(ReturnStatus.Requested, kettle.State.Status);

        var lateKettle = new ReturnStory { Now = Delivered.AddDays(31) };
        Assert.Throws<ConflictException>(() => lateKettle.Decide(lateKettle.Open()));

        var lipstick = new ReturnStory { Now = Delivered.AddDays(8) };
        Assert.Throws<ConflictException>(() => lipstick.Decide(lipstick.Open(lipstick.Request(ReturnReason.Defective, new ReturnItemRequest(Lipstick, "LIP-1", 1)))));

        var unknownCategory = new ReturnStory { Now = Delivered.AddDays(15) };
        Assert.Throws<ConflictException>(() => unknownCategory.Core.Decide(unknownCategory.State,
            unknownCategory.Open() with { Categories = new Dictionary<Guid, string>() }, unknownCategory.Now));
    }

    [Fact]
    public void Only_delivered_units_of_the_shopper_s_own_sub_order_can_be_asked_for_and_every_bad_field_is_named()
    {
        var story = new ReturnStory();

        Assert.Throws<ConflictException>(() => story.Decide(story.Open(subOrder: story.SubOrder(SellerOrderStatus.Shipped))));
        Assert.Throws<NotFoundException>(() => story.Decide(story.Open(story.Request() with { ShopperId = Guid.NewGuid() })));
        var refused = Assert.Throws<ValidationException>(() => story.Decide(story.Open(story.Request(ReturnReason.Defective,
            new ReturnItemRequest(Kettle, "KETTLE-1", 2), new ReturnItemRequest(Kettle, "KETTLE-1", 1), new ReturnItemRequest(Guid.NewGuid(), "X", 1),
            new ReturnItemRequest(Lipstick, "LIP-1", 0)) with { Reason = (ReturnReason)42, Comment = "bad\u0001" })));

        Assert.Equal(["comment", "items[1].quantity", "items[2]", "items[3].quantity", "reason"], refused.Errors.Keys.Order());
        Assert.False(story.State.IsOpen);
    }

    [Fact]
    public void The_seller_approves_or_rejects_with_a_reason_on_the_version_it_read()
    {
        var story = new ReturnStory();
        story.When(story.Open());

        Assert.Throws<VersionMismatchException>(() => story.Decide(new SellerDecides(story.SellerId, true, null, story.State.Version - 1)));
        Assert.Throws<NotFoundException>(() => story.Decide(new SellerDecides(Guid.NewGuid(), true, null, story.State.Version)));
        Assert.Throws<ValidationException>(() => story.Decide(new SellerDecides(story.SellerId, false, " ", story.State.Version)));

        var rejected = story.When(new SellerDecides(story.SellerId, false, "Used and scratched.", story.State.Version));

        Assert.Equal(new ReturnRejected(story.ReturnId, story.OrderId, story.SellerOrderId, story.SellerId, ReturnDecider.Seller, "Used and scratched."),
            Assert.Single(rejected.Published));
        Assert.True(story.Decide(new SellerDecides(story.SellerId, false, "again", 0)).IsEmpty);
        Assert.Throws<ConflictException>(() => story.Decide(new SellerDecides(story.SellerId, true, null, story.State.Version)));
    }

    [Fact]
    public void Past_the_seller_s_deadline_the_return_is_approved_and_a_decision_before_it_leaves_the_deadline_nothing_to_do()
    {
        var story = new ReturnStory();
        story.When(story.Open());

        Assert.True(story.Decide(new DeadlinePassed()).IsEmpty);
        story.Now = story.State.SellerDeadline;
        var approved = story.When(new DeadlinePassed());

        Assert.Equal(ReturnDecider.Automatic, Assert.IsType<ReturnApproved>(Assert.Single(approved.Published)).DecidedBy);
        Assert.Equal((ReturnStatus.Approved, "system"), (story.State.Status, story.State.History[^1].Actor));
        Assert.True(story.Decide(new DeadlinePassed()).IsEmpty);
    }

    [Fact]
    public void A_rejection_is_disputed_once_and_the_operator_s_word_is_final()
    {
        var story = new ReturnStory();
        story.When(story.Open());
        story.When(new SellerDecides(story.SellerId, false, "Not a defect.", story.State.Version));

        Assert.Throws<NotFoundException>(() => story.Decide(new ShopperDisputes(Guid.NewGuid(), "It is.")));
        Assert.Equal(ReturnStatus.Disputed, Assert.IsType<ReturnStatusChanged>(Assert.Single(story.When(new ShopperDisputes(story.ShopperId, "It is.")).Published)).Status);
        story.When(new OperatorDecides(Guid.NewGuid(), false, "The photos show wear."));

        Assert.Equal((ReturnStatus.Rejected, "operator"), (story.State.Status, story.State.History[^1].Actor));
        Assert.Throws<ConflictException>(() => story.Decide(new ShopperDisputes(story.ShopperId, "Again.")));

        var other = new ReturnStory();
        other.When(other.Open());
        other.When(new SellerDecides(other.SellerId, false, "No.", other.State.Version));
        other.When(new ShopperDisputes(other.ShopperId, "Yes."));
        var approved = other.When(new OperatorDecides(Guid.NewGuid(), true, "The defect is visible."));
        Assert.Equal(ReturnDecider.Operator, Assert.IsType<ReturnApproved>(Assert.Single(approved.Published)).DecidedBy);
        Assert.Equal(new OpenReturnParcelEffect(1), Assert.Single(approved.Effects));
    }

    [Fact]
    public void The_parcel_travels_back_and_a_failed_one_is_followed_by_another_until_the_attempts_run_out()
    {
        var story = Approved();
        var first = story.State.ShipmentId!.Value;
        Assert.Equal(ReturnIds.Shipment(story.ReturnId, 1), first);

        Assert.True(story.Decide(new ParcelLeft(Guid.NewGuid(), null)).IsEmpty);
        var failed = story.When(new ParcelLost(first, "nobody home"));
        Assert.Equal(new OpenReturnParcelEffect(2), Assert.Single(failed.Effects));
        Assert.Equal(ReturnIds.Shipment(story.ReturnId, 2), story.State.ShipmentId);
        Assert.True(story.Decide(new ParcelArrived(first, story.Now)).IsEmpty);

        story.When(new ParcelLeft(story.State.ShipmentId!.Value, "CR-1"));
        Assert.Equal((ReturnStatus.InTransit, "CR-1"), (story.State.Status, story.State.TrackingNumber));
        var gaveUp = story.When(new ParcelLost(story.State.ShipmentId!.Value, "lost in transit"));
        Assert.Equal(ReturnDecider.Automatic, Assert.IsType<ReturnRejected>(Assert.Single(gaveUp.Published)).DecidedBy);
        Assert.Empty(gaveUp.Effects);
    }

    [Fact]
    public void The_seller_receives_a_parcel_on_its_way_even_before_logistics_reports_it_delivered_and_only_then()
    {
        var story = Approved();
        Assert.Throws<ConflictException>(() => story.Decide(new SellerReceives(story.SellerId, true, null, story.State.Version)));
        story.When(new ParcelLeft(story.State.ShipmentId!.Value, null));

        var received = story.When(new SellerReceives(story.SellerId, Resellable: true, "Sealed box.", story.State.Version));

        Assert.Equal(new ReturnReceived(story.ReturnId, story.OrderId, story.SellerOrderId, story.SellerId, true, "Sealed box."), Assert.Single(received.Published));
        Assert.Equal([typeof(RestockReturnEffect), typeof(RefundEffect)], received.Effects.Select(e => e.GetType()));
        // The late delivery report moves nothing back.
        Assert.True(story.Decide(new ParcelArrived(story.State.ShipmentId!.Value, story.Now)).IsEmpty);
        Assert.True(story.Decide(new SellerReceives(story.SellerId, true, null, 0)).IsEmpty);
        Assert.Throws<ConflictException>(() => story.Decide(new SellerReceives(story.SellerId, false, null, story.State.Version)));

        var damaged = Approved();
        damaged.When(new ParcelArrived(damaged.State.ShipmentId!.Value, damaged.Now));
        Assert.IsType<RefundEffect>(Assert.Single(damaged.When(new SellerReceives(damaged.SellerId, false, "Broken.", damaged.State.Version)).Effects));
    }

    [Fact]
    public void A_refused_refund_is_tried_again_as_a_new_operation_after_a_growing_wait_and_a_success_issues_it_once()
    {
        var story = Received();
        var firstRefund = story.State.RefundId!.Value;

        var refused = story.When(new RefundAnswered(1, Succeeded: false, "processor_refused"));
        var failed = Assert.IsType<RefundFailed>(Assert.Single(refused.Published));
        Assert.Equal((firstRefund, 1, "processor_refused", 150_000L), (failed.RefundId, failed.Attempt, failed.Reason, failed.AmountMinor));
        Assert.Equal(new RefundEffect(2, story.Now + TimeSpan.FromMinutes(1)), Assert.Single(refused.Effects));
        Assert.True(story.Decide(new RefundAnswered(1, Succeeded: true, null)).IsEmpty);

        var again = story.When(new RefundAnswered(2, Succeeded: false, "processor_refused"));
        Assert.Equal(new RefundEffect(3, story.Now + TimeSpan.FromMinutes(2)), Assert.Single(again.Effects));
        Assert.Single(story.State.History, h => h.Status == ReturnStatus.RefundFailed);

        var issued = story.When(new RefundAnswered(3, Succeeded: true, null));
        Assert.Equal(new RefundIssued(story.ReturnId, story.OrderId, story.SellerOrderId, story.SellerId, OrderIds.Payment(story.OrderId),
            ReturnIds.Refund(story.ReturnId, 3), 150_000L, "RUB"), Assert.Single(issued.Published));
        Assert.NotEqual(firstRefund, story.State.RefundId);
        Assert.Equal(ReturnStatus.Refunded, story.State.Status);
        Assert.True(story.Decide(new RefundAnswered(3, Succeeded: true, null)).IsEmpty);
        Assert.Equal(
            [ReturnStatus.Requested, ReturnStatus.Approved, ReturnStatus.InTransit, ReturnStatus.Received, ReturnStatus.RefundFailed, ReturnStatus.Refunded],
            story.State.History.Select(h => h.Status));
    }

    [Fact]
    public void The_returns_of_a_sub_order_never_hold_more_units_than_were_delivered()
    {
        var state = new ReturnAllowanceState();
        List<ClaimedUnits> delivered = [new(Kettle, "KETTLE-1", 2)];
        var first = Guid.NewGuid();
        List<ReturnLine> oneKettle = [new(Kettle, "KETTLE-1", "Kettle", 1500m, 1)];

        state.Claims.Add(ReturnAllowance.Claim(state, first, oneKettle, delivered)!);
        Assert.Null(ReturnAllowance.Claim(state, first, oneKettle, delivered));
        Assert.Throws<ConflictException>(() => ReturnAllowance.Claim(state, first, [oneKettle[0] with { Quantity = 2 }], delivered));
        Assert.Throws<ConflictException>(() => ReturnAllowance.Claim(state, Guid.NewGuid(), [oneKettle[0] with { Quantity = 2 }], delivered));
        state.Claims.Add(ReturnAllowance.Claim(state, Guid.NewGuid(), oneKettle, delivered)!);
        Assert.Throws<ConflictException>(() => ReturnAllowance.Claim(state, Guid.NewGuid(), oneKettle, delivered));
    }

    [Fact]
    public void Settings_are_checked_at_start_naming_each_problem()
    {
        var options = new ReturnsOptions
        {
            Window = TimeSpan.Zero,
            Categories = new(StringComparer.Ordinal) { ["no-such"] = new(), ["beauty"] = new CategoryReturnRules { Window = TimeSpan.FromDays(-1) } },
        };

        Assert.Equal(3, options.Problems().Count());
        Assert.Empty(ReturnStory.Options().Problems());
        Assert.Equal((TimeSpan.FromDays(7), ChangeOfMindPolicy.Refuse), ReturnStory.Options().RulesFor("beauty/makeup"));
        Assert.Equal((TimeSpan.FromDays(14), ChangeOfMindPolicy.Accept), ReturnStory.Options().RulesFor("toys/games"));
    }
}
