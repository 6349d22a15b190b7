using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>An example request body (<see cref="StatusCode"/> null) or response body of an endpoint, for its OpenAPI document.</summary>
public sealed record EndpointExample(string Name, string Summary, object Value, int? StatusCode = null);

/// <summary>
/// Examples in the OpenAPI documents: endpoints declare them next to their route (<c>.WithRequestExample(…)</c>),
/// and one operation transformer writes them into the document, serialized with the API's own JSON conventions so
/// they show exactly what the API accepts and returns.
/// </summary>
public static class EndpointExamples
{
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string summary, object value, string name = "example")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointExample(name, summary, value));

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int statusCode, string summary, object value, string name = "example")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointExample(name, summary, value, statusCode));

    /// <summary>A 422 problem as the API writes it, for endpoints to show what a broken rule looks like.</summary>
    public static object ValidationProblem(string field, string error) => new
    {
        type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        title = "One or more fields are invalid.",
        status = 422,
        detail = "One or more fields are invalid.",
        errors = new Dictionary<string, string[]> { [field] = [error] },
    };

    internal static OpenApiOptions AddEndpointExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        foreach (var example in context.Description.ActionDescriptor.EndpointMetadata.OfType<EndpointExample>())
        {
            var content = example.StatusCode is { } status
                ? ResponseContent(operation, status)
                : operation.RequestBody?.Content;
            if (content is null)
            {
                continue;
            }

            var mediaType = content.Values.FirstOrDefault();
            if (mediaType is null)
            {
                continue;
            }

            mediaType.Examples ??= new Dictionary<string, IOpenApiExample>();
            mediaType.Examples[example.Name] = new OpenApiExample
            {
                Summary = example.Summary,
                Value = JsonSerializer.SerializeToNode(example.Value, JsonConventions.Default),
            };
        }

        return Task.CompletedTask;
    });

    /// <summary>The response's content, created as problem JSON when the endpoint did not declare that status.</summary>
    private static IDictionary<string, OpenApiMediaType>? ResponseContent(OpenApiOperation operation, int status)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetValue(key, out var response))
        {
            response = new OpenApiResponse
            {
                Description = StatusCodes.Status422UnprocessableEntity == status ? "A rule is broken; each field is named." : $"HTTP {key}",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
            };
            operation.Responses[key] = response;
        }

        return response.Content;
    }
}
