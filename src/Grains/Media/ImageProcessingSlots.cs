using Marketplace.Common;

namespace Marketplace.Grains.Media;

/// <summary>
/// The silo's cap on image processing (one per silo): at most <see cref="MediaOptions.MaxConcurrentProcessing"/>
/// images are decoded at once, at most <see cref="MediaOptions.MaxWaitingUploads"/> more wait, and any further upload
/// is refused at once, so a burst of uploads cannot take the silo's memory or every core.
/// </summary>
public sealed class ImageProcessingSlots(MediaOptions options)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _running = new(options.MaxConcurrentProcessing, options.MaxConcurrentProcessing);
    private int _admitted;

    /// <summary>Runs <paramref name="work"/> off the caller's scheduler once a slot is free; ServiceBusyException when too many wait.</summary>
    public async Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _admitted) > options.MaxConcurrentProcessing + options.MaxWaitingUploads)
        {
            Interlocked.Decrement(ref _admitted);
            throw new ServiceBusyException("Too many images are being processed right now; send this one again in a few seconds.", RetryAfter);
        }
        try
        {
            await _running.WaitAsync(cancellationToken);
            try
            {
                return await Task.Run(work, cancellationToken);
            }
            finally
            {
                _running.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _admitted);
        }
    }
}
