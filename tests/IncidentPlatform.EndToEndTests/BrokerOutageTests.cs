using System.Text.Json;
using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.Contracts;
using static IncidentPlatform.EndToEndTests.GatewayJson;

namespace IncidentPlatform.EndToEndTests;

public sealed class BrokerOutageTests(PlatformFixture platform)
{
    private const string IncidentResolvedType = "com.incidentplatform.incident.resolved.v1";

    [Fact]
    public async Task Incidents_resolved_before_and_during_a_RabbitMQ_outage_all_get_their_reviews_and_reach_partners_once_the_broker_is_back()
    {
        var orgId = Guid.NewGuid();
        var client = platform.GatewayClient(orgId);
        var broker = platform.App.GetResource<RabbitMqResource>(ResourceNames.Messaging);

        // A partner listens both ways: a webhook, and a durable queue on the partner exchange (it reconnects after the outage).
        var webhookUrl = platform.Partner.NewUrl();
        await PostAsync(client, "/api/webhooks/endpoints", new { url = webhookUrl, eventTypes = new[] { IncidentResolvedType } });
        var credential = await PostAsync(client, "/api/amqp-credentials", new { description = "Outage watcher" });
        var partnerQueue = await PartnerQueue.DeclareAsync(credential, "resolved", $"{orgId}.{IncidentResolvedType}");

        // The broker goes down while the services are still consuming these: deliveries in flight are cut off.
        List<System.Text.Json.JsonElement> incidents = [];
        for (var i = 0; i < 12; i++)
        {
            incidents.Add(await DeclareAndResolveAsync(client, $"Resolved just before a broker outage #{i}"));
        }

        await broker.StopNodeAsync();
        try
        {
            // The write commits with its event in the outbox; the broker being down does not fail the request.
            incidents.Add(await DeclareAndResolveAsync(client, "Resolved during a broker outage"));
        }
        finally
        {
            await broker.RestartAsync(default);
        }

        foreach (var incident in incidents)
        {
            var review = await Eventually.GetAsync(
                () => FirstItemAsync(client, $"/api/reviews?incidentId={incident.GetProperty("id").GetString()}"),
                $"the review of {incident.GetProperty("title").GetString()} after the broker came back", TimeSpan.FromMinutes(3));
            Assert.Equal("draft", review.GetProperty("status").GetString());
        }

        var subjects = incidents.Select(incident => $"incidents/{incident.GetProperty("id").GetString()}").ToHashSet();
        await Eventually.TrueAsync(() => Task.FromResult(subjects.IsSubsetOf(platform.Partner.ReceivedAt(webhookUrl)
            .Select(webhook => JsonDocument.Parse(webhook.Body).RootElement.GetProperty("subject").GetString()!))),
            "every incident's resolution on the partner's webhook", TimeSpan.FromMinutes(3));
        var queued = await partnerQueue.ReadUntilAsync(received => subjects.IsSubsetOf(received.Select(e => e.GetProperty("subject").GetString()!)));
        Assert.All(queued, e => Assert.Equal(IncidentResolvedType, e.GetProperty("type").GetString()));
    }
}
