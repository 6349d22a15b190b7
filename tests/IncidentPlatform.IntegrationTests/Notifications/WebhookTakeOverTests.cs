using System.Text.Json;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Notifications.PartnerEventSamples;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>
/// The dispatcher takes fresh deliveries over from the fan-out writing them (a slot reserved and the attempt started
/// while the row is written, the attempt recorded once the write has ended), and gives the slot back when the write
/// does not commit; a handling after a failed one leaves its deliveries to a claim.
/// </summary>
public sealed class WebhookTakeOverTests(OneSlotWebhooksServiceFixture service) : IClassFixture<OneSlotWebhooksServiceFixture>
{
    [Fact]
    public async Task A_fresh_delivery_is_written_leased_to_the_dispatcher_and_sent_once()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = service.Receiver.NewUrl();
        var (endpointId, _) = await WebhookTests.RegisterAsync(client, url, WebhookTests.ReviewPublishedType);

        await service.PublishAsync(ReviewPublishedFor(partner));

        // The attempt starts while the row is written, so the partner may have it before the write commits: only the
        // delivery recorded as succeeded says that the write has committed.
        var delivery = Assert.Single(await SucceededAsync(client, endpointId, 1));
        Assert.Equal(1, delivery.GetProperty("attemptCount").GetInt32());
        Assert.Equal([true], await service.DeliveryWritesLeasedAsync(partner.OrgId));
        Assert.Single(service.Receiver.ReceivedAt(url));
    }

    [Fact]
    public async Task A_fan_out_whose_write_fails_gives_back_the_slot_and_the_event_arrives_twice_at_most_with_one_webhook_id()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = service.Receiver.NewUrl();
        var (endpointId, _) = await WebhookTests.RegisterAsync(client, url, WebhookTests.ReviewPublishedType);
        await service.FailDeliveryWritesAsync(partner.OrgId, times: 2);

        await service.PublishAsync(ReviewPublishedFor(partner));

        // Recorded once, after two writes that failed; with one slot, it could be sent only if the first gave it back.
        var delivery = Assert.Single(await SucceededAsync(client, endpointId, 1));
        Assert.Equal(1, delivery.GetProperty("attemptCount").GetInt32());
        Assert.Equal(0, await service.DeliveryWriteFailuresLeftAsync(partner.OrgId));
        // The first handling sent it while writing it; the handlings after it left it to a claim once written (not
        // leased when written), so it arrived twice, both times with the webhook-id of the delivery recorded.
        Assert.Equal([false], await service.DeliveryWritesLeasedAsync(partner.OrgId));
        var received = service.Receiver.ReceivedAt(url);
        Assert.Equal(2, received.Count);
        Assert.All(received, webhook => Assert.Equal(delivery.GetProperty("webhookId").GetString(), webhook.Headers["webhook-id"]));

        // The slot is free again, so the next event's delivery is taken over and sent once.
        await service.PublishAsync(ReviewPublishedFor(partner));
        await SucceededAsync(client, endpointId, 2);
        Assert.Equal([false, true], await service.DeliveryWritesLeasedAsync(partner.OrgId));
        Assert.Equal(3, service.Receiver.ReceivedAt(url).Count);
    }

    private static Task<List<JsonElement>> SucceededAsync(HttpClient client, Guid endpointId, int count) =>
        Eventually.GetAsync(async () =>
            await WebhookTests.DeliveriesAsync(client, endpointId, "succeeded") is { } items && items.Count == count ? items : null,
            $"{count} deliveries recorded as succeeded");
}
