using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using IncidentPlatform.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Makes every consumer idempotent and transactional. In one database transaction it claims the message for this
/// endpoint (an inbox row), runs the consumer (whose changes and outgoing events share the transaction) and commits.
/// A redelivery after that commit finds the row and is skipped; a failure before it rolls everything back, the row
/// included, and the message is retried. A duplicate delivered while the first is still running waits on the row
/// and is skipped once the first commits. A consumer that did nothing can tell it the row is not needed
/// (<see cref="InboxReceipt"/>); the transaction is then rolled back. One that can tell it has nothing to do before
/// the transaction opens says so as an <see cref="IInboxPrecheck{TMessage}"/>.
/// </summary>
internal sealed class InboxFilter<TMessage>(
    ServiceDbContext db,
    OrgContext orgContext,
    InboxReceipt receipt,
    InboxPrechecks prechecks,
    IServiceProvider scopedServices,
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

        if (!await HasWorkAsync(context))
        {
            logger.LogDebug("Acknowledging {MessageType} {MessageId} on {Consumer}: nothing to do", typeof(TMessage).Name, messageId, consumer);
            await HandledWithoutConsumerAsync(context);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        try
        {
            var claimed = await ClaimAsync(transaction, messageId, consumer, context.CancellationToken);
            if (claimed == 0)
            {
                logger.LogInformation("Skipping {MessageType} {MessageId} on {Consumer}: already processed", typeof(TMessage).Name, messageId, consumer);
                await HandledWithoutConsumerAsync(context);
                return;
            }

            receipt.Reset();
            await next.Send(context);
            if (!receipt.IsNeeded && !db.ChangeTracker.HasChanges())
            {
                await transaction.RollbackAsync(context.CancellationToken);
                return;
            }

            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
        }
        catch
        {
            // The retry may reuse this scope: start it from a clean slate.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// Marks the message consumed, as the consumer would have. Otherwise MassTransit takes a message no consumer saw for
    /// one nobody wanted and moves it to the endpoint's <c>_skipped</c> queue, where it would pile up.
    /// </summary>
    private static Task HandledWithoutConsumerAsync(ConsumeContext<TMessage> context) =>
        context.NotifyConsumed(context, context.ReceiveContext.ElapsedTime, "inbox");

    /// <summary>
    /// Asks the endpoint's consumer, if it has a precheck. It is resolved from the consume scope, so it is the instance
    /// that then consumes the message.
    /// </summary>
    private Task<bool> HasWorkAsync(ConsumeContext<TMessage> context) =>
        prechecks.ConsumerOf(ReceiveEndpointCatalog.QueueOf(context.ReceiveContext.InputAddress)) is { } consumerType
            && scopedServices.GetRequiredService(consumerType) is IInboxPrecheck<TMessage> precheck
            ? precheck.HasWorkAsync(context.Message, context.CancellationToken)
            : Task.FromResult(true);

    /// <summary>
    /// A plain command rather than EF's <c>ExecuteSqlAsync</c>: it runs for every message on every endpoint, and under
    /// load the claim through EF (building the command from the interpolated string, then running it) was about a fifth
    /// of Notifications' CPU.
    /// </summary>
    private async Task<int> ClaimAsync(IDbContextTransaction transaction, Guid messageId, string consumer, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(transaction, """
            INSERT INTO inbox_messages (message_id, consumer, message_type, processed_at)
            VALUES (@message_id, @consumer, @message_type, @processed_at)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("message_id", messageId);
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.AddWithValue("message_type", MessageType);
        command.Parameters.AddWithValue("processed_at", db.Clock.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly string MessageType = typeof(TMessage).FullName!;

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}
