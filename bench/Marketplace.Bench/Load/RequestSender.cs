using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Load;

public readonly record struct Outcome(bool Served, long Bytes, string? Error);

internal static class RequestSender
{
    /// <summary>Sends one of the scenario's requests and reads the whole body, as a real caller would.</summary>
    public static async Task<Outcome> SendAsync(IScenario scenario, TargetClient target, byte[] buffer)
    {
        try
        {
            using var request = scenario.CreateRequest(target.Target, target.NextSequence());
            using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long bytes = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }
            return scenario.IsSuccess(response)
                ? new Outcome(true, bytes, null)
                : new Outcome(false, bytes, $"HTTP {(int)response.StatusCode}");
        }
        catch (TaskCanceledException)
        {
            return new Outcome(false, 0, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(false, 0, $"{ex.HttpRequestError}");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return new Outcome(false, 0, ex.GetType().Name);
        }
    }
}
