using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Marketplace.External.PaymentGateway;

/// <summary>
/// Every POST under <c>/v1</c> must carry an <c>Idempotency-Key</c>. The first answer to a key is kept and replayed
/// verbatim to every repeat (concurrent repeats wait for the first), so a client may retry anything safely. Reusing
/// a key for a different request is refused with 422; server errors are not kept, so the retry is processed afresh.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var key = context.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 255)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new ApiError("idempotency_key_required", $"Send an {HeaderName} header of 1 to 255 characters."));
            return;
        }

        var fingerprint = await FingerprintAsync(context.Request);
        var pending = new TaskCompletionSource<StoredResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = store.Entries.GetOrAdd(key, _ => new IdempotencyEntry(fingerprint, pending.Task));
        if (entry.Fingerprint != fingerprint)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await context.Response.WriteAsJsonAsync(new ApiError("idempotency_key_reused", "This key was used for a different request."));
            return;
        }

        if (!ReferenceEquals(entry.Response, pending.Task))
        {
            var stored = await entry.Response;
            context.Response.Headers[ReplayedHeaderName] = "true";
            await stored.WriteToAsync(context.Response);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            store.Entries.TryRemove(new KeyValuePair<string, IdempotencyEntry>(key, entry));
            pending.SetException(ex);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = new StoredResponse(context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
        if (response.StatusCode >= 500)
        {
            store.Entries.TryRemove(new KeyValuePair<string, IdempotencyEntry>(key, entry));
        }
        pending.SetResult(response);
        await original.WriteAsync(response.Body, context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

public sealed class IdempotencyStore
{
    public ConcurrentDictionary<string, IdempotencyEntry> Entries { get; } = new(StringComparer.Ordinal);
}

public sealed record IdempotencyEntry(string Fingerprint, Task<StoredResponse> Response);

public sealed record StoredResponse(int StatusCode, string? ContentType, byte[] Body)
{
    public async Task WriteToAsync(HttpResponse response)
    {
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        await response.Body.WriteAsync(Body, response.HttpContext.RequestAborted);
    }
}
