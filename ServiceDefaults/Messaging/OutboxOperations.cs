using System.Text.Json;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>How this service's outbox stands: what waits to be published, what is parked, and whether the relay is failing.</summary>
public sealed record OutboxSummary(int Unsent, int Parked, DateTimeOffset? OldestUnsentAt, DateTimeOffset? RelayFailingSince, string? RelayError);

/// <summary>A message the relay set aside because it can never be published as it is, with why.</summary>
public sealed record ParkedOutboxMessage(
    Guid Id, long Sequence, Guid OrgId, string MessageType, DateTimeOffset OccurredAt, DateTimeOffset ParkedAt, int Attempts, string? Reason, JsonElement? Payload)
{
    public static ParkedOutboxMessage From(OutboxMessage m) => new(
        m.Id, m.Sequence, m.OrgId, m.MessageType, m.OccurredAt, m.ParkedAt!.Value, m.Attempts, m.LastError, ReadPayload(m.Payload));

    private static JsonElement? ReadPayload(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Operations endpoints for this service's outbox: its state, and the messages the relay parked (a type this build does
/// not know, a payload that does not read). Once the cause is fixed (usually by deploying the build that knows the type)
/// an operator requeues them; or discards one for good. Platform operators only: the outbox holds every org's events.
/// </summary>
public static class OutboxOperations
{
    private const int MaxList = 500;

    public static IEndpointRouteBuilder MapOutboxOperations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/operations/outbox").RequireAuthorization(PlatformAuthentication.OperatorPolicy).WithTags("Operations");
        group.MapGet("/", SummaryAsync).WithSummary("How many events wait to be published, how many are parked, and whether the relay is failing.");
        group.MapGet("/parked", ListParkedAsync).WithSummary("The parked messages, oldest first, with why each cannot be published.");
        group.MapPost("/parked/{id:guid}/requeue", RequeueAsync).WithSummary("Give a parked message back to the relay (after deploying the fix); it is parked again if it still cannot be published.");
        group.MapDelete("/parked/{id:guid}", DiscardAsync).WithSummary("Remove a parked message for good; its consumers never see it.");
        return app;
    }

    public static async Task<Ok<OutboxSummary>> SummaryAsync(ServiceDbContext db, OutboxRelayStatus relay, CancellationToken cancellationToken)
    {
        var unsent = db.OutboxMessages.Where(m => m.SentAt == null && m.ParkedAt == null);
        var failure = relay.Failure;
        return TypedResults.Ok(new OutboxSummary(
            await unsent.CountAsync(cancellationToken),
            await db.OutboxMessages.CountAsync(m => m.ParkedAt != null, cancellationToken),
            await unsent.OrderBy(m => m.Sequence).Select(m => (DateTimeOffset?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken),
            failure?.Since,
            failure?.Error));
    }

    public static async Task<Ok<IReadOnlyList<ParkedOutboxMessage>>> ListParkedAsync(ServiceDbContext db, CancellationToken cancellationToken, int limit = 50)
    {
        if (limit is < 1 or > MaxList)
        {
            throw new ValidationException("limit", $"limit must be between 1 and {MaxList}.");
        }

        var parked = await db.OutboxMessages.AsNoTracking().Where(m => m.ParkedAt != null).OrderBy(m => m.Sequence).Take(limit).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ParkedOutboxMessage>>([.. parked.Select(ParkedOutboxMessage.From)]);
    }

    public static async Task<NoContent> RequeueAsync(Guid id, ServiceDbContext db, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var requeued = await db.OutboxMessages.Where(m => m.Id == id && m.ParkedAt != null)
            .ExecuteUpdateAsync(update => update.SetProperty(m => m.ParkedAt, (DateTimeOffset?)null), cancellationToken);
        if (requeued == 0)
        {
            throw new NotFoundException("parked outbox message", id);
        }

        signal.Notify();
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> DiscardAsync(Guid id, ServiceDbContext db, CancellationToken cancellationToken) =>
        await db.OutboxMessages.Where(m => m.Id == id && m.ParkedAt != null).ExecuteDeleteAsync(cancellationToken) == 0
            ? throw new NotFoundException("parked outbox message", id)
            : TypedResults.NoContent();
}
