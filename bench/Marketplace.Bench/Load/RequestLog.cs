using System.Diagnostics;

namespace Marketplace.Bench.Load;

/// <summary>Every latency of one phase (Stopwatch ticks), bytes and errors. Not thread-safe: one per worker, or locked.</summary>
public sealed class RequestLog
{
    private readonly List<long> _latencies = [];
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _bytes;

    public void Record(Outcome outcome, long latencyTicks)
    {
        if (outcome.Served)
        {
            _latencies.Add(latencyTicks);
            _bytes += outcome.Bytes;
        }
        else
        {
            _errors[outcome.Error!] = _errors.GetValueOrDefault(outcome.Error!) + 1;
        }
    }

    public long Served => _latencies.Count;

    public long Errors => _errors.Values.Sum();

    public IReadOnlyDictionary<string, long> ErrorKinds => _errors;

    public double BytesPerResponse => Served == 0 ? 0 : (double)_bytes / Served;

    public static RequestLog Merge(IEnumerable<RequestLog> logs)
    {
        var merged = new RequestLog();
        foreach (var log in logs)
        {
            merged._latencies.AddRange(log._latencies);
            merged._bytes += log._bytes;
            foreach (var (kind, count) in log._errors)
            {
                merged._errors[kind] = merged._errors.GetValueOrDefault(kind) + count;
            }
        }
        return merged;
    }

    /// <summary>Exact percentiles (nearest rank) over every recorded latency.</summary>
    public LatencySummary Summarize()
    {
        if (_latencies.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        var sorted = _latencies.ToArray();
        Array.Sort(sorted);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => Ms(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)]);
        return new LatencySummary(Percentile(0.50), Percentile(0.90), Percentile(0.99), Ms(sorted[^1]), Ms((long)sorted.Average()));
    }
}

public readonly record struct LatencySummary(double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs);
