using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Notifications.PartnerEventSamples;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>
/// The dispatcher takes fresh deliveries over from the fan-out writing them (a slot reserved before the write, the
/// attempt started once it commits). These tests hold it to giving the slot back when the write does not commit.
/// </summary>
public sealed class WebhookTakeOverTests(OneSlotWebhooksServiceFixture service) : IClassFixture<OneSlotWebhooksServiceFixture>
{
    [Fact]
    public async Task A_fan_out_whose_write_fails_gives_back_the_slot_it_took_and_its_retry_is_sent_once()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = service.Receiver.NewUrl();
        var (endpointId, _) = await WebhookTests.RegisterAsync(client, url, WebhookTests.ReviewPublishedType);
        await service.FailDeliveryWritesAsync(partner.OrgId, times: 2);

        await service.PublishAsync(ReviewPublishedFor(partner));

        // Two writes failed after their slot was taken; with one slot, a slot kept by either would stop the third.
        await Eventually.TrueAsync(() => service.Receiver.ReceivedAt(url).Count == 1, "the event's delivery after the failed writes");
        Assert.Equal(0, await service.DeliveryWriteFailuresLeftAsync(partner.OrgId));
        await service.PublishAsync(ReviewPublishedFor(partner));
        await Eventually.TrueAsync(() => service.Receiver.ReceivedAt(url).Count == 2, "the next event's delivery");

        var deliveries = await Eventually.GetAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}/deliveries?status=succeeded");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            return items.Count == 2 ? items : null;
        }, "both deliveries recorded as succeeded");
        Assert.All(deliveries, delivery => Assert.Equal(1, delivery.GetProperty("attemptCount").GetInt32()));
        Assert.Equal(2, service.Receiver.ReceivedAt(url).Count);
    }
}
