using System.Net;
using System.Text.Json;
using Marketplace.ReadModels;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.ReadModels;

/// <summary>The operators' read-model jobs over HTTP (seller gateway, operator token) or on the grain, each run to its end.</summary>
public static class ReadModelJobs
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>Starts a job on the operations grain, waits until it is done, and returns its report.</summary>
    public static async Task<ConsistencyReport> Run(IGrainFactory grains, string readModel, ReadModelJobKind kind)
    {
        var operations = grains.GetGrain<IReadModelOperationsGrain>(0);
        await operations.Start(readModel, kind);
        var job = await Eventually.Until(() => operations.Job(readModel), j => j.State != ReadModelJobState.Running, Patience, $"the {kind} of {readModel}");
        Assert.True(job.State == ReadModelJobState.Succeeded, job.Error);
        return job.Report!;
    }

    public static Task<JsonElement> Check(HttpClient op, string readModel, bool repair) =>
        Run(op, $"/operator/read-models/{readModel}/check?repair={repair.ToString().ToLowerInvariant()}");

    public static Task<JsonElement> Rebuild(HttpClient op, string readModel) => Run(op, $"/operator/read-models/{readModel}/rebuild");

    /// <summary>Starts an operator job, follows its Location until it is done, and returns its report.</summary>
    private static async Task<JsonElement> Run(HttpClient op, string path)
    {
        using var started = await op.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!;
        var job = await Eventually.Until(async () => await Json(await op.GetAsync(location)),
            j => j.GetProperty("state").GetString() != "Running", Patience, $"the job of {path}");
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        return job.GetProperty("report");
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
}
