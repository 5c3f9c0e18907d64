namespace Marketplace.Grains.Common;

/// <summary>
/// Sends a series of reports one at a time, and of those made while one is on its way only the newest: the receiver
/// is told the latest state at its own pace instead of queueing one message per change (a flash sale's stock changes
/// hundreds of times a second; its product needs only the newest level). A failed send is reported to
/// <paramref name="failed"/> and the next report goes as usual. Not thread-safe: it is meant for one grain activation.
/// </summary>
public sealed class NewestReport<T>(Func<T, Task> send, Action<Exception> failed)
{
    private bool _sending;
    private bool _waiting;
    private T _newest = default!;

    public void Post(T report)
    {
        _newest = report;
        _waiting = true;
        if (!_sending)
        {
            _ = SendWaiting();
        }
    }

    private async Task SendWaiting()
    {
        _sending = true;
        while (_waiting)
        {
            _waiting = false;
            try
            {
                await send(_newest);
            }
            catch (Exception failure)
            {
                failed(failure);
            }
        }
        _sending = false;
    }
}
