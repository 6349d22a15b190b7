using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using IncidentPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Consumers;

/// <summary>
/// Consumes the platform events partners can receive, each turned into its CloudEvent. The event's message id becomes
/// the CloudEvent id, so every channel shows the same id for the same event and a redelivery is recognized.
/// </summary>
public abstract class CloudEventConsumer :
    IConsumer<IncidentDeclared>,
    IConsumer<IncidentResolved>,
    IConsumer<ReviewCreated>,
    IConsumer<ReviewPublished>,
    IConsumer<ActionItemCreated>,
    IConsumer<ActionItemOverdue>,
    IConsumer<ActionItemVerified>
{
    public Task Consume(ConsumeContext<IncidentDeclared> context) => HandleAsync(IncidentDeclaredData.From(context.Message, EventId(context)), context.CancellationToken);

    public Task Consume(ConsumeContext<IncidentResolved> context) => HandleAsync(IncidentResolvedData.From(context.Message, EventId(context)), context.CancellationToken);

    public Task Consume(ConsumeContext<ReviewCreated> context) => HandleAsync(ReviewCreatedData.From(context.Message, EventId(context)), context.CancellationToken);

    public Task Consume(ConsumeContext<ReviewPublished> context) => HandleAsync(ReviewPublishedData.From(context.Message, EventId(context)), context.CancellationToken);

    public Task Consume(ConsumeContext<ActionItemCreated> context) => HandleAsync(ActionItemCreatedData.From(context.Message, EventId(context)), context.CancellationToken);

    public Task Consume(ConsumeContext<ActionItemOverdue> context) => HandleAsync(ActionItemOverdueData.From(context.Message, EventId(context)), context.CancellationToken);

    public Task Consume(ConsumeContext<ActionItemVerified> context) => HandleAsync(ActionItemVerifiedData.From(context.Message, EventId(context)), context.CancellationToken);

    protected abstract Task HandleAsync(PartnerEvent partnerEvent, CancellationToken cancellationToken);

    private static Guid EventId(ConsumeContext context) => context.MessageId!.Value;
}

/// <summary>
/// Delivers each partner event to every webhook endpoint of its org subscribed to its type. Most events have none
/// (most orgs subscribe to few types, if any): those leave nothing for a redelivery to repeat, so the inbox need not
/// commit them.
/// </summary>
public sealed class PartnerEventsConsumer(WebhookFanOut fanOut, InboxReceipt receipt) : CloudEventConsumer
{
    protected override async Task HandleAsync(PartnerEvent partnerEvent, CancellationToken cancellationToken)
    {
        if (await fanOut.FanOutAsync(partnerEvent, cancellationToken) == 0)
        {
            receipt.NotNeeded();
        }
    }
}

/// <summary>
/// Publishes each partner event on the partner exchange, on a queue of its own so that webhooks never wait for AMQP
/// (nor the reverse). The exchange confirms before the inbox commits: a failure in between publishes the event
/// again with the same id (at least once), never loses it. Only an org's partners can read its routing keys, each
/// through a credential of its own: the events of an org holding none are not published, as nobody could receive
/// them (the broker would drop them unrouted), and leave nothing for a redelivery to repeat. That was most events,
/// and each cost a commit and a confirmed publish.
/// </summary>
public sealed class PartnerExchangeConsumer(PartnerEventsExchange exchange, NotificationsDbContext db, InboxReceipt receipt) : CloudEventConsumer
{
    protected override async Task HandleAsync(PartnerEvent partnerEvent, CancellationToken cancellationToken)
    {
        if (!exchange.IsEnabled || !await OrgHasPartners(db))
        {
            receipt.NotNeeded();
            return;
        }

        await exchange.PublishAsync(partnerEvent, cancellationToken);
    }

    /// <summary>Compiled once, as it runs for every event; the org filter scopes it to the event's org.</summary>
    private static readonly Func<NotificationsDbContext, Task<bool>> OrgHasPartners =
        EF.CompileAsyncQuery((NotificationsDbContext db) => db.AmqpCredentials.Any());
}
