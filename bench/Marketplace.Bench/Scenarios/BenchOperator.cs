namespace Marketplace.Bench.Scenarios;

/// <summary>The operator bench/run.sh makes its silo create, with a password generated for the run (BENCH_OPERATOR_PASSWORD).</summary>
public static class BenchOperator
{
    public const string Email = "operator@marketplace.local";

    public static string Password =>
        Environment.GetEnvironmentVariable("BENCH_OPERATOR_PASSWORD") is { Length: > 0 } password
            ? password
            : throw new InvalidOperationException("BENCH_OPERATOR_PASSWORD is not set; run the harness through bench/run.sh, which generates it.");
}
