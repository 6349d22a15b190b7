using System.Diagnostics;
using System.Text.Json;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox messages to RabbitMQ in the order they were written. When the broker is
/// down, messages stay in the table and the relay backs off; once it is back they flow, oldest first.
/// Delivery is at-least-once: a crash between publish and marking sent republishes with the same
/// message id, which consumers' inboxes deduplicate. A message that can never be published as it is
/// (a type this build does not know, a payload that does not read) is parked rather than retried forever,
/// so it cannot hold back every later event; operators see it at <c>/operations/outbox</c>.
/// </summary>
internal sealed class OutboxRelay(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    OutboxRelayStatus status,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private static readonly TimeSpan ParkedRecheckInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset _nextCleanup;
    private DateTimeOffset _nextParkedRecheck;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool more;
                do
                {
                    more = await RelayBatchAsync(stoppingToken);
                }
                while (more);

                backoff = TimeSpan.Zero;
                status.RecordSuccess();
                await CleanUpSentAsync(stoppingToken);
                await RequeueReadableParkedAsync(stoppingToken);
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                status.RecordFailure(clock.GetUtcNow(), (exception.InnerException ?? exception).Message);
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                logger.LogWarning(exception, "Outbox relay could not publish; retrying in {Backoff}", backoff);
                await Task.Delay(backoff, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>True when a full batch was sent and more may be waiting.</returns>
    private async Task<bool> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // SKIP LOCKED lets several replicas relay side by side without sending a message twice.
        var batch = await db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY sequence LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .AsTracking()
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return false;
        }

        Exception? failure = null;
        foreach (var message in batch)
        {
            if (!TryRead(message, out var type, out var payload, out var unreadable))
            {
                message.Attempts++;
                message.ParkedAt = clock.GetUtcNow();
                message.LastError = TextValues.Truncate(unreadable, MaxErrorLength);
                logger.LogError("Outbox message {MessageId} ({MessageType}) cannot be published and is parked: {Reason}", message.Id, message.MessageType, unreadable);
                continue;
            }

            try
            {
                await PublishAsync(message, type, payload, cancellationToken);
                message.SentAt = clock.GetUtcNow();
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Stop at the first failure so later messages never overtake it.
                message.Attempts++;
                message.LastError = TextValues.Truncate(exception.Message, MaxErrorLength);
                failure = exception;
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (failure is not null)
        {
            throw new OutboxPublishException(failure);
        }

        return batch.Count == BatchSize;
    }

    /// <summary>The event type and payload of a message; false (with why) when this build can never publish it.</summary>
    private static bool TryRead(OutboxMessage message, out Type type, out object payload, out string reason)
    {
        (type, payload, reason) = (typeof(object), new object(), "");
        try
        {
            type = IntegrationEventTypes.Resolve(message.MessageType);
            payload = JsonSerializer.Deserialize(message.Payload, type, JsonConventions.Default)
                ?? throw new InvalidOperationException("The payload is empty.");
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or JsonException or NotSupportedException)
        {
            reason = exception.Message;
            return false;
        }
    }

    private const int MaxErrorLength = 2000;

    private async Task PublishAsync(OutboxMessage message, Type type, object payload, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = PlatformTelemetry.ActivitySource.StartActivity(
            $"outbox relay {type.Name}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.Id);
        activity?.SetTag("incident_platform.org_id", message.OrgId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await bus.Publish(payload, type, context => context.MessageId = message.Id, timeout.Token);
    }

    /// <summary>
    /// Gives back to the relay the parked messages this build can publish. During a rolling deploy a replica of the
    /// old build parks the events of a type only the new build knows; a new replica then finds them here within a
    /// minute and sends them, late but not lost, without waiting for an operator.
    /// </summary>
    private async Task RequeueReadableParkedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _nextParkedRecheck)
        {
            return;
        }

        _nextParkedRecheck = now + ParkedRecheckInterval;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        // Only types this build knows can have become publishable; among them, page through all that are parked.
        var knownTypes = IntegrationEventTypes.Names;
        var readable = new List<OutboxMessage>();
        long after = 0;
        while (true)
        {
            var parked = await db.OutboxMessages
                .Where(m => m.ParkedAt != null && m.Sequence > after && knownTypes.Contains(m.MessageType))
                .OrderBy(m => m.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
            readable.AddRange(parked.Where(m => TryRead(m, out _, out _, out _)));
            if (parked.Count < BatchSize)
            {
                break;
            }

            after = parked[^1].Sequence;
        }

        if (readable.Count == 0)
        {
            return;
        }

        foreach (var message in readable)
        {
            message.ParkedAt = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        // The save wakes this relay (CommitWake: the messages are pending again).
        logger.LogInformation("Requeued {Count} parked outbox message(s) this build can publish.", readable.Count);
    }

    private async Task CleanUpSentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now.AddHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        var cutoff = now - Retention;
        await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.InboxMessages.Where(m => m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private sealed class OutboxPublishException(Exception inner)
        : Exception("Publishing an outbox message failed; it stays queued.", inner);
}
