using IncidentPlatform.Notifications.Consumers;
using IncidentPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.UnitTests;

public sealed class InboxPrecheckTests
{
    [Fact]
    public void The_inbox_finds_each_consumers_precheck_by_the_name_of_its_queue_and_only_for_consumers_that_have_one()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<PartnerEventsConsumer>();
            bus.AddConsumer<PartnerExchangeConsumer>();
            bus.AddConsumer<ReviewCreatedConsumer>();
        });

        var prechecks = InboxPrechecks.Find(services, new KebabCaseEndpointNameFormatter("notifications", includeNamespace: false));

        Assert.Equal(typeof(PartnerEventsConsumer), prechecks.ConsumerOf("notifications-partner-events"));
        Assert.Equal(typeof(PartnerExchangeConsumer), prechecks.ConsumerOf("notifications-partner-exchange"));
        Assert.Null(prechecks.ConsumerOf("notifications-review-created"));
    }

    [Theory]
    [InlineData(typeof(IncidentPlatform.Incidents.Consumers.ReviewPublishedConsumer), "incidents", "incidents-review-published")]
    [InlineData(typeof(IncidentPlatform.Actions.Consumers.ReviewPublishedConsumer), "actions", "actions-review-published")]
    public void The_consumers_of_republished_reviews_are_asked_before_their_transaction(Type consumer, string service, string queue)
    {
        var services = new ServiceCollection();
        services.AddMassTransit(bus => bus.AddConsumer(consumer));

        var prechecks = InboxPrechecks.Find(services, new KebabCaseEndpointNameFormatter(service, includeNamespace: false));

        Assert.Equal(consumer, prechecks.ConsumerOf(queue));
    }
}
