using Marketplace.Grains.Media;
using Npgsql;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL and Redis servers the integration tests run against, named by the environment
/// (<c>deploy/local/stack.sh start</c> prints the variables; the test command sets them). A missing
/// variable fails the test loudly: an integration test never quietly passes without its store.
/// </summary>
public static class TestStores
{
    public static string PostgresServer => Require("MARKETPLACE_POSTGRES");

    public static string Redis => Require("MARKETPLACE_REDIS");

    /// <summary>The S3-protocol server's endpoint (s3rver, started by deploy/local/stack.sh).</summary>
    public static string S3 => Require("MARKETPLACE_S3");

    /// <summary>The key pair the test stack's s3rver accepts, generated per stack by deploy/local/s3.sh (its built-in key is revoked).</summary>
    public static S3Options S3Options => new()
    {
        ServiceUrl = S3,
        AccessKey = Require("MARKETPLACE_S3_ACCESS_KEY"),
        SecretKey = Require("MARKETPLACE_S3_SECRET_KEY"),
    };

    /// <summary>The environment that points a silo process's image store at the test stack's s3rver.</summary>
    public static Dictionary<string, string> S3Environment => new()
    {
        ["Media__S3__ServiceUrl"] = S3Options.ServiceUrl!,
        ["Media__S3__AccessKey"] = S3Options.AccessKey,
        ["Media__S3__SecretKey"] = S3Options.SecretKey,
    };

    /// <summary>A connection string to a database of its own (created by the silo's migrator), so test runs never share state.</summary>
    public static string NewPostgresDatabase(string purpose = "test") =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = $"{purpose}_{Guid.NewGuid():N}" }.ConnectionString;

    /// <summary>The connection string of an optional store (MongoDB, Elasticsearch…) that this machine cannot run, or null.</summary>
    public static string? Optional(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Integration tests need the real servers: run `eval \"$(deploy/local/stack.sh start)\"` " +
                "or use the test command in the README, which starts them.");
}
