using Orleans.Storage;

namespace Marketplace.Silo.Storage;

/// <summary>
/// A failed write must not leave a grain believing its own memory: a grain that carries on from state the store
/// refused answers with it, and a saga that reached Done only in memory drops the reminder that would have resumed
/// it (issue 14). Around every store, this puts the grain's state back to what the store holds when a write or clear
/// fails, and deactivates the grain, so the next call starts from storage and nothing derived from the lost state
/// (fields, timers) lives on. The failure still reaches the grain, which may retry or leave the reminder to it.
/// </summary>
public sealed class FailedWriteResetsGrainStorage(IGrainStorage inner, IGrainContextAccessor grains, ILogger<FailedWriteResetsGrainStorage> logger)
    : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(stateName, grainId, grainState, () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Guard(stateName, grainId, grainState, () => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(stateName, grainId, grainState, () => inner.ClearStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Guard(stateName, grainId, grainState, () => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken));

    private async Task Guard<T>(string stateName, GrainId grainId, IGrainState<T> grainState, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception failure)
        {
            // Only the grain that owns the state is reset; a probe or tool writing from outside a grain just gets the error.
            if (grains.GrainContext is { } grain && grain.GrainId == grainId)
            {
                await Reset(stateName, grainId, grainState, grain, failure);
            }
            throw;
        }
    }

    private async Task Reset<T>(string stateName, GrainId grainId, IGrainState<T> grainState, IGrainContext grain, Exception failure)
    {
        try
        {
            // A write that failed after the store committed it (a lost answer) reads back as written: memory follows the store either way.
            await inner.ReadStateAsync(stateName, grainId, grainState);
            logger.LogWarning(failure, "Writing {State} of {Grain} failed; its state is back to what the store holds and it deactivates", stateName, grainId);
        }
        catch (Exception reread)
        {
            logger.LogWarning(new AggregateException(failure, reread), "Writing {State} of {Grain} failed and so did reading it back; it deactivates", stateName, grainId);
        }
        grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, failure, $"writing its {stateName} state failed"));
    }
}
