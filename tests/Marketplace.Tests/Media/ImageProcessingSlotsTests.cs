using Marketplace.Common;
using Marketplace.Grains.Media;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Media;

public sealed class ImageProcessingSlotsTests
{
    [Fact]
    public async Task At_most_the_cap_runs_at_once_a_few_wait_and_any_more_are_refused_until_a_slot_frees()
    {
        var slots = new ImageProcessingSlots(new MediaOptions { MaxConcurrentProcessing = 2, MaxWaitingUploads = 1 });
        using var release = new ManualResetEventSlim();
        int running = 0, peak = 0, done = 0;
        int Work()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            release.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref running);
            return Interlocked.Increment(ref done);
        }

        var admitted = Enumerable.Range(0, 3).Select(_ => slots.Run(Work)).ToList();
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref running) == 2), TimeSpan.FromSeconds(10), "two images processing");

        var refused = await Assert.ThrowsAsync<ServiceBusyException>(() => slots.Run(Work));
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(2, Volatile.Read(ref running));

        release.Set();
        Assert.Equal([1, 2, 3], (await Task.WhenAll(admitted)).Order());
        Assert.Equal(2, peak);
        Assert.Equal(4, await slots.Run(Work));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
