using Marketplace.Common;
using Marketplace.ReadModels;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The operators' handle on the projections (key 0): checks, repairs and rebuilds by read model as background jobs
/// (one at a time per read model), dead letters listed and replayed through the projection that parked them.
/// </summary>
public sealed class ReadModelOperationsGrain(
    IEnumerable<ReadModelReconciler> reconcilers,
    IEnumerable<IReadModelProjection> projections,
    IDeadLetterStore deadLetters,
    TimeProvider clock,
    ILogger<ReadModelOperationsGrain> logger) : Grain, IReadModelOperationsGrain
{
    private const int ReplayBatch = 100;
    private readonly Dictionary<string, ReadModelJob> _jobs = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> ReadModels() => Task.FromResult<IReadOnlyList<string>>(reconcilers.Select(r => r.ReadModel).ToList());

    public Task<ReadModelJob> Start(string readModel, ReadModelJobKind kind)
    {
        var reconciler = Reconciler(readModel);
        if (_jobs.TryGetValue(reconciler.ReadModel, out var running) && running.State == ReadModelJobState.Running)
        {
            throw new ConflictException($"A {running.Kind} of {reconciler.ReadModel} is running since {running.StartedAt:u}.");
        }
        var job = _jobs[reconciler.ReadModel] = new ReadModelJob(reconciler.ReadModel, kind, ReadModelJobState.Running, clock.GetUtcNow());
        logger.LogWarning("Operator {Kind} of read model {ReadModel} started", kind, reconciler.ReadModel);
        // The job outlives this call; the activation stays until it is done, and Job() interleaves with it.
        DelayDeactivation(TimeSpan.FromHours(1));
        _ = Run(reconciler, job);
        return Task.FromResult(job);
    }

    public Task<ReadModelJob> Job(string readModel) =>
        _jobs.TryGetValue(Reconciler(readModel).ReadModel, out var job)
            ? Task.FromResult(job)
            : throw new NotFoundException($"No check, repair or rebuild of '{readModel}' ran since this grain was activated.");

    private async Task Run(ReadModelReconciler reconciler, ReadModelJob job)
    {
        try
        {
            var report = job.Kind switch
            {
                ReadModelJobKind.Rebuild => await reconciler.RebuildAsync(clock, CancellationToken.None),
                _ => await reconciler.CheckAsync(job.Kind == ReadModelJobKind.Repair, clock, CancellationToken.None),
            };
            _jobs[reconciler.ReadModel] = job with { State = ReadModelJobState.Succeeded, FinishedAt = clock.GetUtcNow(), Report = report };
            logger.LogWarning("Operator {Kind} of read model {ReadModel} done: {Report}", job.Kind, reconciler.ReadModel, report);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Operator {Kind} of read model {ReadModel} failed", job.Kind, reconciler.ReadModel);
            _jobs[reconciler.ReadModel] = job with { State = ReadModelJobState.Failed, FinishedAt = clock.GetUtcNow(), Error = e.Message };
        }
        finally
        {
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    public Task<PagedList<DeadLetterView>> DeadLetters(int page, int pageSize, string? after = null) =>
        deadLetters.ListAsync(page, pageSize, after, CancellationToken.None);

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
        string? after = null;
        do
        {
            var views = await deadLetters.ListAsync(1, ReplayBatch, after, CancellationToken.None);
            ids.AddRange(views.Items.Select(v => v.Id));
            after = views.Next;
        }
        while (after is not null);
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
