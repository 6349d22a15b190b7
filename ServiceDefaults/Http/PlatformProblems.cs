namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>
/// Exceptions that carry an HTTP meaning. Domain types throw them; one exception handler turns them
/// into RFC 7807 ProblemDetails, so no endpoint formats its own errors.
/// </summary>
public abstract class PlatformProblemException(string message) : Exception(message)
{
    public abstract int StatusCode { get; }

    public abstract string Title { get; }
}

/// <summary>An illegal state transition or a conflict with the current state (409).</summary>
public class ConflictException(string message) : PlatformProblemException(message)
{
    public override int StatusCode => 409;

    public override string Title => "The request conflicts with the resource's current state.";
}

/// <summary>The resource does not exist in the caller's organization (404; other orgs' data is indistinguishable from none).</summary>
public sealed class NotFoundException(string resource, object id)
    : PlatformProblemException($"No {resource} with id '{id}' exists.")
{
    public override int StatusCode => 404;

    public override string Title => "Not found.";
}

/// <summary>The caller's <c>If-Match</c> names a version that is no longer current (412).</summary>
public sealed class PreconditionFailedException(string currentETag)
    : PlatformProblemException($"The resource has changed since you read it; its current ETag is {currentETag}. Read it again and retry.")
{
    public string CurrentETag { get; } = currentETag;

    public override int StatusCode => 412;

    public override string Title => "The resource has been modified.";
}

/// <summary>Input that is well-formed but breaks a rule, reported per field (400, or 422 when the fields relate wrongly).</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors, int statusCode = 400)
    : PlatformProblemException("One or more fields are invalid.")
{
    public ValidationException(string field, string error, int statusCode = 400)
        : this(new Dictionary<string, string[]> { [field] = [error] }, statusCode)
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public override int StatusCode { get; } = statusCode;

    public override string Title => "One or more fields are invalid.";
}

/// <summary>A request larger than the operation accepts, with the limit named (413).</summary>
public sealed class PayloadTooLargeException(string message) : PlatformProblemException(message)
{
    public override int StatusCode => 413;

    public override string Title => "The request is too large.";
}

/// <summary>Something the operation needs (a broker, a management API) is not there or not configured; nothing was changed (503).</summary>
public class DependencyUnavailableException(string message) : PlatformProblemException(message)
{
    public override int StatusCode => 503;

    public override string Title => "A service this operation needs is unavailable.";
}

/// <summary>The caller has done this too often for now (429), with when to try again.</summary>
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : PlatformProblemException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public override int StatusCode => 429;

    public override string Title => "Too many requests.";
}
