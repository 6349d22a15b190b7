using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>The one place where exceptions become ProblemDetails (RFC 7807).</summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException invalid => new HttpValidationProblemDetails(
                invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = invalid.StatusCode,
                Title = invalid.Title,
                Detail = string.Join(" ", invalid.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))),
            },
            PlatformProblemException known => new ProblemDetails
            {
                Status = known.StatusCode,
                Title = known.Title,
                Detail = known.Message,
            },
            BadHttpRequestException badRequest => BadRequest(badRequest),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
            return false;
        }

        if (exception is PreconditionFailedException stale)
        {
            context.Response.Headers.ETag = stale.CurrentETag;
        }

        if (exception is TooManyRequestsException tooMany)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    // Malformed JSON, a wrong type or an unknown enum value: say which field and why, never a 500.
    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
            var reason = json.InnerException?.Message ?? json.Message;
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Clean(reason)] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is not valid JSON for this endpoint.",
                Detail = $"{field}: {Clean(reason)}",
            };
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = "Bad request.",
            Detail = exception.Message,
        };
    }

    private static string Clean(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

public static class ProblemDetailsRegistration
{
    /// <summary>Request validation names fields as C# does (<c>IncidentLead.DisplayName</c>); clients know them as JSON names.</summary>
    private static void NameFieldsAsInJson(HttpValidationProblemDetails validation)
    {
        var renamed = validation.Errors.ToDictionary(
            error => string.Join('.', error.Key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)),
            error => error.Value);
        validation.Errors.Clear();
        foreach (var (field, messages) in renamed)
        {
            validation.Errors[field] = messages;
        }
    }

    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                NameFieldsAsInJson(validation);
            }
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services;
    }
}
