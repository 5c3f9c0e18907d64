using System.Globalization;
using Marketplace.Common;
using Marketplace.ServiceDefaults.Orleans;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>
/// Turns the errors grains raise on purpose, malformed requests and an unavailable cluster (503 with Retry-After) into
/// RFC 7807 problem details.
/// Anything else is logged and answered with a bare 500: no stack trace reaches a client.
/// </summary>
internal sealed class DomainExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<MarketplaceClusterOptions> cluster,
    ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException e => FieldProblem(e.Errors.ToDictionary(p => p.Key, p => p.Value), e.Message),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } when JsonInput.FieldErrors(json) is { } errors =>
                FieldProblem(errors, "One or more fields are invalid."),
            NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            ConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
            ForbiddenException e => Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message),
            VersionMismatchException e => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", e.Message),
            ServiceBusyException e => Busy(httpContext, e),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad request", BadRequestDetail(e)),
            TimeoutException => Unavailable(httpContext, "The cluster did not answer in time; retry later."),
            // A silo that went away (killed, restarting) or a gateway that refuses work: the cluster recovers by itself.
            SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException =>
                Unavailable(httpContext, "Part of the cluster is unavailable; retry later."),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private ProblemDetails Unavailable(HttpContext httpContext, string detail)
    {
        logger.LogWarning("Cluster unavailable on {Method} {Path}: {Detail}", httpContext.Request.Method, httpContext.Request.Path, detail);
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(cluster.Value.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);
    }

    /// <summary>A bounded resource of the silo is full (image processing): the grain says when to come back.</summary>
    private static ProblemDetails Busy(HttpContext httpContext, ServiceBusyException busy)
    {
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Busy", busy.Message);
    }

    private static HttpValidationProblemDetails FieldProblem(Dictionary<string, string[]> errors, string detail) =>
        new(errors) { Status = StatusCodes.Status400BadRequest, Title = "Validation failed", Detail = detail };

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    // The framework's message for a body that is not valid JSON names the parameter and the JSON path; keep it, drop the inner stack.
    private static string BadRequestDetail(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException json ? $"The request body is not valid JSON: {json.Message}" : e.Message;
}
