using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Promotions;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Promotions;

/// <summary>
/// The shell of a promo code (<see cref="PromoCodeCore"/> decides): every change is written with its event in one
/// write (<see cref="AggregateGrain"/>). Its one activation serialises the checkouts racing for the code's budget.
/// </summary>
public sealed class PromoCodeGrain(
    [PersistentState("promo-code", StorageNames.Orders)] IPersistentState<PromoCodeState> state,
    OutboxRuntime outbox,
    ILogger<PromoCodeGrain> logger) : AggregateGrain(outbox), IPromoCodeGrain
{
    private PromoCodeState State => state.State;

    private string Code => this.GetPrimaryKeyString();

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    public async Task<PromoCodeView> Create(Guid operatorId, PromoCodeDraft draft)
    {
        await Run(new DefineCode(PromoCodes.Normalize(Code), draft, ExpectedVersion: null, Clock.GetUtcNow()));
        logger.LogInformation("Operator {OperatorId} created promo code {Code}", operatorId, Code);
        return State.View();
    }

    public Task<PromoCodeView> Get() => State.Exists ? Task.FromResult(State.View()) : throw NotFound();

    public async Task<PromoCodeView> Edit(Guid operatorId, long expectedVersion, PromoCodeDraft draft)
    {
        if (!State.Exists)
        {
            throw NotFound();
        }
        await Run(new DefineCode(Code, draft, expectedVersion, Clock.GetUtcNow()));
        logger.LogInformation("Operator {OperatorId} edited promo code {Code}", operatorId, Code);
        return State.View();
    }

    public async Task<PromoCodeView> SetStatus(Guid operatorId, long expectedVersion, PromoCodeStatus status)
    {
        await Run(new SetCodeStatus(expectedVersion, status, Clock.GetUtcNow()));
        logger.LogInformation("Operator {OperatorId} set promo code {Code} {Status}", operatorId, Code, status);
        return State.View();
    }

    public Task<PromoQuote> Quote(Guid shopperId, IReadOnlyList<PromoLine> lines) =>
        State.Exists ? Task.FromResult(PromoCodeCore.Quote(State, shopperId, lines, Clock.GetUtcNow())) : throw NotFound();

    public Task Reserve(Guid orderId, Guid shopperId, decimal discount, long version) =>
        Run(new ReserveCode(orderId, shopperId, discount, version, Clock.GetUtcNow()));

    public Task Confirm(Guid orderId) => Run(new ConfirmCode(orderId, Clock.GetUtcNow()));

    public Task Release(Guid orderId, string reason) => Run(new ReleaseCode(orderId, reason, Clock.GetUtcNow()));

    private async Task Run(PromoCodeCommand command)
    {
        var decision = PromoCodeCore.Decide(State, command);
        if (decision.IsEmpty)
        {
            return;
        }
        foreach (var change in decision.Events)
        {
            PromoCodeCore.Apply(State, change);
        }
        foreach (var published in decision.Published)
        {
            Raise(StreamNames.Promotions, Code, published);
        }
        await Commit();
    }

    private NotFoundException NotFound() => new($"Promo code {Code} does not exist.");
}
