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
/// Most orgs have no partner listening to most types: the inbox asks first (<see cref="IInboxPrecheck{TMessage}"/>), and
/// those events are acknowledged without a transaction.
/// </summary>
public abstract class CloudEventConsumer :
    IConsumer<IncidentDeclared>, IInboxPrecheck<IncidentDeclared>,
    IConsumer<IncidentResolved>, IInboxPrecheck<IncidentResolved>,
    IConsumer<ReviewCreated>, IInboxPrecheck<ReviewCreated>,
    IConsumer<ReviewPublished>, IInboxPrecheck<ReviewPublished>,
    IConsumer<ActionItemCreated>, IInboxPrecheck<ActionItemCreated>,
    IConsumer<ActionItemOverdue>, IInboxPrecheck<ActionItemOverdue>,
    IConsumer<ActionItemVerified>, IInboxPrecheck<ActionItemVerified>
{
    public Task Consume(ConsumeContext<IncidentDeclared> context) => HandleAsync(IncidentDeclaredData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<IncidentResolved> context) => HandleAsync(IncidentResolvedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ReviewCreated> context) => HandleAsync(ReviewCreatedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ReviewPublished> context) => HandleAsync(ReviewPublishedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ActionItemCreated> context) => HandleAsync(ActionItemCreatedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ActionItemOverdue> context) => HandleAsync(ActionItemOverdueData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ActionItemVerified> context) => HandleAsync(ActionItemVerifiedData.From(context.Message, EventId(context)), context);

    public Task<bool> HasWorkAsync(IncidentDeclared message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.IncidentDeclared, cancellationToken);

    public Task<bool> HasWorkAsync(IncidentResolved message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.IncidentResolved, cancellationToken);

    public Task<bool> HasWorkAsync(ReviewCreated message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.ReviewCreated, cancellationToken);

    public Task<bool> HasWorkAsync(ReviewPublished message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.ReviewPublished, cancellationToken);

    public Task<bool> HasWorkAsync(ActionItemCreated message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.ActionItemCreated, cancellationToken);

    public Task<bool> HasWorkAsync(ActionItemOverdue message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.ActionItemOverdue, cancellationToken);

    public Task<bool> HasWorkAsync(ActionItemVerified message, CancellationToken cancellationToken) => HasWorkAsync(PartnerEventTypes.ActionItemVerified, cancellationToken);

    /// <summary>Whether anyone in the event's org (set by the inbox) could receive an event of this CloudEvent type here.</summary>
    protected abstract Task<bool> HasWorkAsync(string eventType, CancellationToken cancellationToken);

    protected abstract Task HandleAsync(PartnerEvent partnerEvent, ConsumeContext context);

    private static Guid EventId(ConsumeContext context) => context.MessageId!.Value;
}

/// <summary>
/// Delivers each partner event to every webhook endpoint of its org subscribed to its type. Most events have none
/// (most orgs subscribe to few types, if any): the precheck acknowledges those. One whose last endpoint went after the
/// precheck finds none either and leaves nothing for a redelivery to repeat, so the inbox need not commit it.
/// </summary>
public sealed class PartnerEventsConsumer(WebhookFanOut fanOut, InboxReceipt receipt) : CloudEventConsumer
{
    /// <summary>
    /// Read by the precheck, before the inbox transaction, and fanned out to within it: one read per event. The
    /// precheck and the consume run on this same instance (the inbox resolves it from the consume scope), and a retry
    /// asks the precheck again.
    /// </summary>
    private IReadOnlyDictionary<Guid, WebhookEndpoint>? _subscribed;

    protected override async Task<bool> HasWorkAsync(string eventType, CancellationToken cancellationToken)
    {
        _subscribed = await fanOut.SubscribedEndpointsAsync(eventType, cancellationToken);
        return _subscribed.Count > 0;
    }

    /// <remarks>
    /// Only an event's first handling sends its deliveries while they are written: one handled again (a retry, or a
    /// redelivery after a crash) may already have been sent by a handling whose write did not commit, so its deliveries
    /// wait for the commit and a claim. However often a handling fails, an endpoint gets the event at most twice.
    /// </remarks>
    protected override async Task HandleAsync(PartnerEvent partnerEvent, ConsumeContext context)
    {
        var cancellationToken = context.CancellationToken;
        var endpoints = _subscribed ?? await fanOut.SubscribedEndpointsAsync(partnerEvent.Type, cancellationToken);
        var firstHandling = context.GetRetryAttempt() == 0 && !context.ReceiveContext.Redelivered;
        if (await fanOut.FanOutAsync(partnerEvent, endpoints, sendWhileWriting: firstHandling, cancellationToken) == 0)
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
public sealed class PartnerExchangeConsumer(PartnerEventsExchange exchange, NotificationsDbContext db) : CloudEventConsumer
{
    protected override async Task<bool> HasWorkAsync(string eventType, CancellationToken cancellationToken) =>
        exchange.IsEnabled && await OrgHasPartners(db);

    /// <summary>Published even if the org's last credential went since the precheck: nobody can read it, nothing is lost.</summary>
    protected override Task HandleAsync(PartnerEvent partnerEvent, ConsumeContext context) =>
        exchange.PublishAsync(partnerEvent, context.CancellationToken);

    /// <summary>Compiled once, as it runs for every event; the org filter scopes it to the event's org.</summary>
    private static readonly Func<NotificationsDbContext, Task<bool>> OrgHasPartners =
        EF.CompileAsyncQuery((NotificationsDbContext db) => db.AmqpCredentials.Any());
}
