using Marketplace.Common;
using Marketplace.ReadModels;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The operators' handle on the projections (key 0): checks and rebuilds by read model, dead letters listed and
/// replayed through the projection that parked them. Not reentrant, so two repairs never interleave.
/// </summary>
public sealed class ReadModelOperationsGrain(
    IEnumerable<ReadModelReconciler> reconcilers,
    IEnumerable<IReadModelProjection> projections,
    IDeadLetterStore deadLetters,
    TimeProvider clock,
    ILogger<ReadModelOperationsGrain> logger) : Grain, IReadModelOperationsGrain
{
    private const int ReplayBatch = 100;

    public Task<IReadOnlyList<string>> ReadModels() => Task.FromResult<IReadOnlyList<string>>(reconcilers.Select(r => r.ReadModel).ToList());

    public Task<ConsistencyReport> Check(string readModel, bool repair) => Reconciler(readModel).CheckAsync(repair, CancellationToken.None);

    public Task<ConsistencyReport> Rebuild(string readModel)
    {
        logger.LogWarning("Rebuilding read model {ReadModel} from its aggregates", readModel);
        return Reconciler(readModel).RebuildAsync(CancellationToken.None);
    }

    public Task<PagedList<DeadLetterView>> DeadLetters(int page, int pageSize) => deadLetters.ListAsync(page, pageSize, CancellationToken.None);

    public async Task<ReplayResult> Replay(Guid deadLetterId)
    {
        var letter = await deadLetters.FindAsync(deadLetterId, CancellationToken.None)
                     ?? throw new NotFoundException($"There is no dead letter {deadLetterId}.");
        return await ReplayOne(letter) ? new ReplayResult(1, 0) : new ReplayResult(0, 1);
    }

    public async Task<ReplayResult> ReplayAll()
    {
        // The ids first: a replay that fails again stays in the store and must not be met twice.
        var ids = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var views = await deadLetters.ListAsync(page, ReplayBatch, CancellationToken.None);
            ids.AddRange(views.Items.Select(v => v.Id));
            if (views.Items.Count < ReplayBatch)
            {
                break;
            }
        }
        int replayed = 0, failing = 0;
        foreach (var id in ids)
        {
            if (await deadLetters.FindAsync(id, CancellationToken.None) is { } letter)
            {
                _ = await ReplayOne(letter) ? replayed++ : failing++;
            }
        }
        return new ReplayResult(replayed, failing);
    }

    private async Task<bool> ReplayOne(DeadLetter letter)
    {
        var projection = projections.SingleOrDefault(p => p.Name == letter.View.Projection)
                         ?? throw new ConflictException($"Dead letter {letter.View.Id} belongs to projection '{letter.View.Projection}', which this silo does not run.");
        try
        {
            await projection.ApplyAsync(letter.Envelope, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Replay of dead letter {DeadLetter} failed again", letter.View.Id);
            await deadLetters.ParkAsync(projection.Name, letter.Envelope, 1, e.Message, clock.GetUtcNow(), CancellationToken.None);
            return false;
        }
        await deadLetters.RemoveAsync(letter.View.Id, CancellationToken.None);
        return true;
    }

    private ReadModelReconciler Reconciler(string readModel) =>
        reconcilers.SingleOrDefault(r => string.Equals(r.ReadModel, readModel, StringComparison.OrdinalIgnoreCase))
        ?? throw new NotFoundException($"There is no read model '{readModel}'; there are: {string.Join(", ", reconcilers.Select(r => r.ReadModel))}.");
}
