using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Payouts.Commission;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Payouts;
using A = Marketplace.Payouts.LedgerAccounts;

namespace Marketplace.Core.Tests.Payouts;

/// <summary>The ledger's posting rules without a store: every entry balances, commission per category, debt instead of a negative balance.</summary>
public sealed class LedgerPostingRulesTests
{
    private static readonly Guid Seller = Guid.NewGuid();
    private static readonly Guid SubOrder = Guid.NewGuid();

    private static DeliveredSale Sale(long discount = 0, params SaleLine[] lines) =>
        new(Guid.NewGuid(), Seller, SubOrder, lines.Length > 0 ? lines : [new SaleLine("home/kitchen", 300_000, 12.5m)], discount);

    private static long Sum(Posting posting, string account, LineKind? kind = null) =>
        posting.Legs.Where(l => l.Account == account && (kind is null || l.Kind == kind)).Sum(l => l.Amount);

    [Fact]
    public void A_sale_credits_the_seller_the_full_price_less_each_categorys_commission_and_debits_the_processor_clearing()
    {
        var posting = LedgerPostingRules.Sale(Sale(0, new SaleLine("home/kitchen", 300_000, 12.5m), new SaleLine("books/fiction", 1_999, 7m)), SellerPosition.Empty);

        Assert.Equal(0, posting.Legs.Sum(l => l.Amount));
        Assert.Equal(EntryKind.Sale, posting.Kind);
        Assert.Equal(SubOrder, posting.Reference);
        Assert.Equal(301_999, Sum(posting, A.ProcessorClearing));
        Assert.Equal(-301_999, Sum(posting, A.SellerPayable, LineKind.Sale));
        // 12.5 % of 3,000.00 and 7 % of 19.99 (139.93 rounds to 140 kopecks).
        Assert.Equal(37_500 + 140, Sum(posting, A.SellerPayable, LineKind.Commission));
        Assert.Equal(-(37_500 + 140), Sum(posting, A.CommissionRevenue));
        Assert.Equal(2, posting.Legs.Count(l => l.Account == A.CommissionRevenue));
        Assert.DoesNotContain(posting.Legs, l => l.Account is A.PlatformDiscounts or A.SellerDebt);
    }

    [Fact]
    public void A_platform_funded_discount_is_the_platforms_expense_and_the_seller_is_still_owed_the_full_price()
    {
        var posting = LedgerPostingRules.Sale(Sale(discount: 50_000), SellerPosition.Empty);

        Assert.Equal(0, posting.Legs.Sum(l => l.Amount));
        Assert.Equal(250_000, Sum(posting, A.ProcessorClearing));
        Assert.Equal(50_000, Sum(posting, A.PlatformDiscounts, LineKind.PlatformDiscount));
        // The seller's lines: what the shopper paid, what the platform paid, and the commission on the full price.
        Assert.Equal(-250_000, Sum(posting, A.SellerPayable, LineKind.Sale));
        Assert.Equal(-50_000, Sum(posting, A.SellerPayable, LineKind.PlatformDiscount));
        Assert.Equal(37_500, Sum(posting, A.SellerPayable, LineKind.Commission));
        Assert.Equal(-262_500, Sum(posting, A.SellerPayable));
    }

    [Fact]
    public void Refunds_of_a_discounted_sale_take_the_platforms_share_back_from_the_seller_and_together_exactly_the_discount()
    {
        // 3,000.00 at the seller's price, 500.00 of it paid by the platform: the shopper paid 2,500.00.
        var sold = LedgerPostingRules.Sale(Sale(discount: 50_000), SellerPosition.Empty);
        var position = new SellerPosition(-Sum(sold, A.SellerPayable), 0);
        var sale = new SaleRecord(PaidMinor: 250_000, CommissionMinor: 37_500, CommissionRefundedMinor: 0);

        var first = LedgerPostingRules.Refund(new IssuedRefund(Guid.NewGuid(), Seller, SubOrder, 83_333), sale with { PlatformDiscountLeftMinor = 50_000 }, position);
        Assert.Equal(0, first.Legs.Sum(l => l.Amount));
        Assert.Equal(-83_333, Sum(first, A.ProcessorClearing));
        // A third of what the shopper paid: a third of the platform's 500.00 (166.666 rounds to 166.67) is no longer its expense.
        Assert.Equal(16_667, Sum(first, A.SellerPayable, LineKind.PlatformDiscount));
        Assert.Equal(-16_667, Sum(first, A.PlatformDiscounts));
        Assert.Equal(-12_500, Sum(first, A.SellerPayable, LineKind.CommissionRefund));

        var after = sale with { CommissionRefundedMinor = 12_500, RefundedMinor = 83_333, PlatformDiscountLeftMinor = 50_000 - 16_667 };
        var rest = LedgerPostingRules.Refund(new IssuedRefund(Guid.NewGuid(), Seller, SubOrder, 166_667), after, position);
        Assert.Equal(0, rest.Legs.Sum(l => l.Amount));
        Assert.Equal(50_000, Sum(first, A.SellerPayable, LineKind.PlatformDiscount) + Sum(rest, A.SellerPayable, LineKind.PlatformDiscount));
        Assert.Equal(0, Sum(sold, A.PlatformDiscounts) + Sum(first, A.PlatformDiscounts) + Sum(rest, A.PlatformDiscounts));
        // Everything came back: the seller holds nothing of the sale, neither the price nor the commission it paid.
        Assert.Equal(0, Sum(sold, A.SellerPayable) + Sum(first, A.SellerPayable) + Sum(rest, A.SellerPayable));
    }

    [Fact]
    public void A_refund_beyond_the_balance_is_moved_to_the_sellers_debt_and_the_next_sale_pays_it_back_first()
    {
        var sale = new SaleRecord(PaidMinor: 300_000, CommissionMinor: 37_500, CommissionRefundedMinor: 0);
        // The seller was paid out already: nothing is left on its payable.
        var refund = LedgerPostingRules.Refund(new IssuedRefund(Guid.NewGuid(), Seller, SubOrder, 100_000), sale, SellerPosition.Empty);

        Assert.Equal(0, refund.Legs.Sum(l => l.Amount));
        Assert.Equal(-100_000, Sum(refund, A.ProcessorClearing));
        Assert.Equal(12_500, Sum(refund, A.Refunds, LineKind.CommissionRefund));
        Assert.Equal(87_500, Sum(refund, A.SellerDebt, LineKind.Debt));
        Assert.Equal(0, Sum(refund, A.SellerPayable));

        var after = SellerPosition.FromBalances(Sum(refund, A.SellerPayable), Sum(refund, A.SellerDebt));
        Assert.Equal(new SellerPosition(0, 87_500), after);
        var next = LedgerPostingRules.Sale(Sale(0, new SaleLine("home/kitchen", 100_000, 10m)), after);
        Assert.Equal(0, next.Legs.Sum(l => l.Amount));
        Assert.Equal(-87_500, Sum(next, A.SellerDebt, LineKind.DebtRecovery));
        // 1,000.00 less 10 % commission is 900.00, of which 875.00 pays the debt back: 25.00 stay payable.
        Assert.Equal(-2_500, Sum(next, A.SellerPayable));
    }

    [Fact]
    public void A_refund_covered_by_the_balance_takes_it_from_the_payable_and_partial_refunds_never_return_more_commission_than_was_kept()
    {
        var position = new SellerPosition(Payable: 262_500, Debt: 0);
        var first = LedgerPostingRules.Refund(new IssuedRefund(Guid.NewGuid(), Seller, SubOrder, 150_001), new SaleRecord(300_000, 37_501, 0), position);
        Assert.Equal(0, first.Legs.Sum(l => l.Amount));
        Assert.DoesNotContain(first.Legs, l => l.Account == A.SellerDebt);
        var given = Sum(first, A.Refunds);
        Assert.Equal(18_751, given);

        var second = LedgerPostingRules.Refund(new IssuedRefund(Guid.NewGuid(), Seller, SubOrder, 149_999), new SaleRecord(300_000, 37_501, given), position);
        Assert.Equal(37_501, given + Sum(second, A.Refunds));
        Assert.Throws<ArgumentException>(() =>
            LedgerPostingRules.Refund(new IssuedRefund(Guid.NewGuid(), Seller, SubOrder, 300_001), new SaleRecord(300_000, 37_500, 0), position));
    }

    [Fact]
    public void A_payout_takes_the_whole_available_balance_and_nothing_below_the_minimum_and_its_outcome_settles_or_reverses_it()
    {
        var payoutId = Guid.NewGuid();
        Assert.Null(LedgerPostingRules.Payout(Guid.NewGuid(), Seller, payoutId, new SellerPosition(99, 0), minimumMinor: 100));
        Assert.Null(LedgerPostingRules.Payout(Guid.NewGuid(), Seller, payoutId, new SellerPosition(5_000, 5_000), minimumMinor: 100));

        var payout = LedgerPostingRules.Payout(Guid.NewGuid(), Seller, payoutId, new SellerPosition(262_500, 0), minimumMinor: 100)!;
        Assert.Equal(262_500, Sum(payout, A.SellerPayable, LineKind.Payout));
        Assert.Equal(-262_500, Sum(payout, A.PayoutsInTransit));

        var paid = LedgerPostingRules.PayoutPaid(Guid.NewGuid(), Seller, payoutId, 262_500);
        Assert.Equal(0, Sum(payout, A.PayoutsInTransit) + Sum(paid, A.PayoutsInTransit));
        Assert.Equal(-262_500, Sum(paid, A.ProcessorClearing));

        var failed = LedgerPostingRules.PayoutFailed(Guid.NewGuid(), Seller, payoutId, 262_500, "account_closed");
        Assert.Equal(0, Sum(payout, A.SellerPayable) + Sum(failed, A.SellerPayable));
        Assert.All(new[] { payout, paid, failed }, p => Assert.Equal(0, p.Legs.Sum(l => l.Amount)));
    }

    [Fact]
    public void An_unbalanced_posting_cannot_be_made()
    {
        Assert.Throws<InvalidOperationException>(() => new Posting(Guid.NewGuid(), EntryKind.Sale, Seller, SubOrder,
            [new LedgerLeg(A.ProcessorClearing, Guid.Empty, LineKind.Sale, 100, ""), new LedgerLeg(A.SellerPayable, Seller, LineKind.Sale, -99, "")]));
        Assert.Throws<InvalidOperationException>(() => new Posting(Guid.NewGuid(), EntryKind.Sale, Seller, SubOrder, []));
    }

    [Fact]
    public void A_categorys_rate_is_its_own_else_its_nearest_ancestors_else_the_default_and_operators_set_only_real_categories_from_0_to_100()
    {
        var rates = new CommissionRates([new CommissionRate("electronics", 5m, default), new CommissionRate("electronics/phones", 3.5m, default)], 10m);
        Assert.Equal(3.5m, CommissionPolicy.PercentFor(rates, "electronics/phones"));
        Assert.Equal(5m, CommissionPolicy.PercentFor(rates, "electronics/laptops"));
        Assert.Equal(10m, CommissionPolicy.PercentFor(rates, "home/kitchen"));
        Assert.Equal(10m, CommissionPolicy.PercentFor(rates, ""));
        Assert.True(Categories.Exists("home/kitchen"));

        var refused = Assert.Throws<ValidationException>(() => CommissionPolicy.Validate("home/garage", 100.001m));
        Assert.Equal(["categoryId", "percent"], refused.Errors.Keys.Order());
        Assert.Throws<ValidationException>(() => CommissionPolicy.Validate("home", -1m));
        CommissionPolicy.Validate("home", 0m);
        CommissionPolicy.Validate("home/kitchen", 100m);
    }
}
