using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Makes every consumer idempotent and transactional. In one database transaction it checks that this
/// endpoint has not processed the message yet, runs the consumer (whose changes and outgoing events
/// share the transaction), and records the message as processed. A redelivery after that commit is
/// skipped; a failure before it rolls everything back and the message is retried.
/// </summary>
internal sealed class InboxFilter<TMessage>(
    ServiceDbContext db,
    OrgContext orgContext,
    ILogger<InboxFilter<TMessage>> logger) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id; it cannot be deduplicated.");
        var consumer = context.ReceiveContext.InputAddress.AbsolutePath.Trim('/');

        if (context.Message is IIntegrationEvent integrationEvent)
        {
            orgContext.Set(integrationEvent.OrgId);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        try
        {
            var alreadyProcessed = await db.InboxMessages.AnyAsync(
                m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken);
            if (alreadyProcessed)
            {
                logger.LogInformation("Skipping {MessageType} {MessageId} on {Consumer}: already processed", typeof(TMessage).Name, messageId, consumer);
                return;
            }

            await next.Send(context);

            db.InboxMessages.Add(new InboxMessage
            {
                MessageId = messageId,
                Consumer = consumer,
                MessageType = typeof(TMessage).FullName!,
                ProcessedAt = db.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: InboxKey })
        {
            // Two deliveries of one message raced; the other committed first. Nothing of ours was kept.
            // (Any other unique violation is the consumer's own race, e.g. two messages inserting one row: retried below.)
            db.ChangeTracker.Clear();
            logger.LogInformation("Skipping {MessageType} {MessageId} on {Consumer}: processed concurrently", typeof(TMessage).Name, messageId, consumer);
            return;
        }
        catch
        {
            // The retry may reuse this scope: start it from a clean slate.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private const string InboxKey = "pk_inbox_messages";

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}
