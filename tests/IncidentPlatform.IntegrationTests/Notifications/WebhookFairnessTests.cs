using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Notifications.PartnerEventSamples;

namespace IncidentPlatform.IntegrationTests.Notifications;

public sealed class WebhookFairnessTests(CrowdedWebhooksServiceFixture service) : IClassFixture<CrowdedWebhooksServiceFixture>
{
    [Fact]
    public async Task An_endpoint_that_hangs_with_a_backlog_holds_only_its_share_of_the_attempts()
    {
        var receiver = service.Receiver;
        var stuck = TestCaller.NewOrg();
        var other = TestCaller.NewOrg();
        var stuckUrl = receiver.NewUrl();
        var otherUrl = receiver.NewUrl();
        receiver.Plan(stuckUrl, [.. Enumerable.Range(0, 10).Select(_ => receiver.Hang())]);
        await WebhookTests.RegisterAsync(service.CreateClient(stuck), stuckUrl, WebhookTests.ReviewPublishedType);
        await WebhookTests.RegisterAsync(service.CreateClient(other), otherUrl, WebhookTests.ReviewPublishedType);

        // Six deliveries for the endpoint that hangs, older than the other org's: without a share they would take
        // all three slots until their attempts time out, two minutes on.
        for (var i = 0; i < 6; i++)
        {
            await service.PublishAsync(ReviewPublishedFor(stuck));
        }

        await Eventually.TrueAsync(() => receiver.ReceivedAt(stuckUrl).Count == CrowdedWebhooksServiceFixture.PerEndpoint, "the hanging endpoint's share of attempts");
        for (var i = 0; i < 3; i++)
        {
            await service.PublishAsync(ReviewPublishedFor(other));
        }

        await Eventually.TrueAsync(() => receiver.ReceivedAt(otherUrl).Count == 3, "the other org's three deliveries");
        Assert.Equal(CrowdedWebhooksServiceFixture.PerEndpoint, receiver.ReceivedAt(stuckUrl).Count);
    }
}
