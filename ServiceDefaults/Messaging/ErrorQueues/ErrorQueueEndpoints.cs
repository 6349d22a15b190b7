using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

/// <summary>Replays (or discards) the chosen messages; no ids means every message in the queue.</summary>
public sealed record ReplayRequest(IReadOnlyList<Guid>? MessageIds);

/// <summary>
/// Operations endpoints for the messages this service could not process: list its error queues, read what
/// failed and why, replay messages once the cause is fixed, or discard one. Platform operators only: the
/// queues hold every organization's messages.
/// </summary>
public static class ErrorQueueEndpoints
{
    private const int MaxPeek = 500;

    public static IEndpointRouteBuilder MapErrorQueueOperations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/operations/error-queues")
            .RequireAuthorization(PlatformAuthentication.OperatorPolicy)
            .WithTags("Operations");

        group.MapGet("/", async (ErrorQueueBrowser browser, CancellationToken cancellationToken) =>
            TypedResults.Ok(await browser.ListAsync(cancellationToken)))
            .WithSummary("This service's error queues and how many messages wait in each.");

        group.MapGet("/{queue}/messages", async (string queue, int? limit, ErrorQueueBrowser browser, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > MaxPeek)
            {
                throw new ValidationException("limit", $"limit must be between 1 and {MaxPeek}.");
            }

            var messages = await browser.PeekAsync(queue, limit ?? 50, cancellationToken) ?? throw UnknownQueue(queue);
            return TypedResults.Ok(messages);
        })
        .WithSummary("The oldest failed messages with their fault; they stay in the queue.");

        group.MapPost("/{queue}/replay", async (string queue, ReplayRequest? request, ErrorQueueBrowser browser, CancellationToken cancellationToken) =>
        {
            var ids = request?.MessageIds?.ToHashSet() ?? [];
            var result = await browser.ReplayAsync(queue, ids, cancellationToken) ?? throw UnknownQueue(queue);
            return TypedResults.Ok(result);
        })
        .WithSummary("Sends failed messages back to their consumer; the consumer's inbox makes a replay of an already processed message harmless.");

        group.MapDelete("/{queue}/messages/{messageId:guid}", async Task<NoContent> (string queue, Guid messageId, ErrorQueueBrowser browser, CancellationToken cancellationToken) =>
        {
            var discarded = await browser.DiscardAsync(queue, messageId, cancellationToken) ?? throw UnknownQueue(queue);
            return discarded ? TypedResults.NoContent() : throw new NotFoundException("message in " + queue, messageId);
        })
        .WithSummary("Removes one failed message for good.");

        return app;
    }

    internal static IServiceCollection AddErrorQueueOperations(this IServiceCollection services, ReceiveEndpointCatalog catalog) =>
        services.AddSingleton(catalog).AddSingleton<ErrorQueueBrowser>();

    private static NotFoundException UnknownQueue(string queue) => new("error queue", queue);
}
