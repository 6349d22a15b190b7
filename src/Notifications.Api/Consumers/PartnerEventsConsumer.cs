using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using MassTransit;

namespace IncidentPlatform.Notifications.Consumers;

/// <summary>
/// Passes the platform's events on to partners: each becomes a CloudEvent, delivered to every endpoint of its org
/// subscribed to its type. The event's message id becomes the CloudEvent id, so a redelivery is recognized.
/// </summary>
public sealed class PartnerEventsConsumer(WebhookFanOut fanOut) :
    IConsumer<IncidentDeclared>,
    IConsumer<IncidentResolved>,
    IConsumer<ReviewCreated>,
    IConsumer<ReviewPublished>,
    IConsumer<ActionItemCreated>,
    IConsumer<ActionItemOverdue>,
    IConsumer<ActionItemVerified>
{
    public Task Consume(ConsumeContext<IncidentDeclared> context) => Publish(IncidentDeclaredData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<IncidentResolved> context) => Publish(IncidentResolvedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ReviewCreated> context) => Publish(ReviewCreatedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ReviewPublished> context) => Publish(ReviewPublishedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ActionItemCreated> context) => Publish(ActionItemCreatedData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ActionItemOverdue> context) => Publish(ActionItemOverdueData.From(context.Message, EventId(context)), context);

    public Task Consume(ConsumeContext<ActionItemVerified> context) => Publish(ActionItemVerifiedData.From(context.Message, EventId(context)), context);

    private static Guid EventId(ConsumeContext context) => context.MessageId!.Value;

    private Task Publish(PartnerEvent partnerEvent, ConsumeContext context) => fanOut.FanOutAsync(partnerEvent, context.CancellationToken);
}
