using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Marketplace.Bench.Load;

/// <summary>Sleeps until a Stopwatch timestamp with sub-millisecond precision and without spinning a core.</summary>
internal static class Pacing
{
    private static readonly double NanosecondsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;

    public static void WaitUntil(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }
            if (OperatingSystem.IsLinux())
            {
                // Thread.Sleep rounds to whole milliseconds; at thousands of requests a second that is the whole gap.
                var nanoseconds = (long)(remaining * NanosecondsPerTick);
                var request = new Timespec(nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000);
                _ = nanosleep(ref request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    [DllImport("libc", SetLastError = true)]
    private static extern int nanosleep(ref Timespec request, IntPtr remaining);
}
