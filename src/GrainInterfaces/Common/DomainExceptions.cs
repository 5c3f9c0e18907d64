namespace Marketplace.Common;

/// <summary>
/// Base of the errors a grain raises on purpose. Gateways turn them into RFC 7807
/// problem details; anything else is an unexpected failure and becomes a plain 500.
/// </summary>
[GenerateSerializer]
public abstract class DomainException(string message) : Exception(message)
{
}

/// <summary>The addressed resource does not exist (404).</summary>
[GenerateSerializer]
public sealed class NotFoundException(string message) : DomainException(message)
{
}

/// <summary>The request is valid but the resource's state forbids it (409).</summary>
[GenerateSerializer]
public sealed class ConflictException(string message) : DomainException(message)
{
}

/// <summary>The caller may not act on this resource (403).</summary>
[GenerateSerializer]
public sealed class ForbiddenException(string message) : DomainException(message)
{
}

/// <summary>The work is refused for now because a bounded resource is full (503 with <c>Retry-After</c>).</summary>
[GenerateSerializer]
public sealed class ServiceBusyException(string message, TimeSpan retryAfter) : DomainException(message)
{
    [Id(0)] public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>An edit was based on a stale version (412).</summary>
[GenerateSerializer]
public sealed class VersionMismatchException(long expected, long actual)
    : DomainException($"The resource changed: you sent version {expected}, the current version is {actual}.")
{
    [Id(0)] public long Expected { get; } = expected;
    [Id(1)] public long Actual { get; } = actual;
}

/// <summary>The input is invalid; <see cref="Errors"/> names each offending field (400).</summary>
[GenerateSerializer]
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("One or more fields are invalid.")
{
    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public ValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }
}
