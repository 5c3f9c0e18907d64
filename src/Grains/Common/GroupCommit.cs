namespace Marketplace.Grains.Common;

/// <summary>
/// Lets the changes a grain makes while one write of its state is in flight share the next write, instead of a write
/// each: a change is acknowledged when the first write that started after it succeeds, and a failed write fails every
/// change it carried and every change made while it was in flight (they were decided on state that was never stored).
/// At most one write runs at a time, so the store sees the grain's states in order.
/// Not thread-safe: it is meant for one grain activation, whose turns run one at a time (the grain may be reentrant).
/// </summary>
/// <param name="write">Writes the grain's current state (taking a snapshot of it before its first await).</param>
public sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? _inFlight;
    private TaskCompletionSource? _next;

    /// <summary>Completes when everything changed so far is stored (at once if nothing waits for a write).</summary>
    public Task Stored => (_next ?? _inFlight)?.Task ?? Task.CompletedTask;

    /// <summary>Records that the state changed; the task completes when a write that holds the change succeeds, and fails with it.</summary>
    public Task Changed()
    {
        var batch = _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_inFlight is null)
        {
            _ = WriteBatches();
        }
        return batch.Task;
    }

    private async Task WriteBatches()
    {
        while (_next is { } batch)
        {
            _next = null;
            _inFlight = batch;
            try
            {
                await write();
            }
            catch (Exception failure)
            {
                var decidedMeanwhile = _next;
                _inFlight = _next = null;
                batch.SetException(failure);
                decidedMeanwhile?.SetException(failure);
                return;
            }
            _inFlight = null;
            batch.SetResult();
        }
    }
}
