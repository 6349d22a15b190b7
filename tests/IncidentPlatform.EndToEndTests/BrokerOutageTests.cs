using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.Contracts;
using static IncidentPlatform.EndToEndTests.GatewayJson;

namespace IncidentPlatform.EndToEndTests;

public sealed class BrokerOutageTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_incident_resolved_while_RabbitMQ_is_down_still_gets_its_review_once_the_broker_is_back()
    {
        var client = platform.GatewayClient();
        var broker = platform.App.GetResource<RabbitMqResource>(ResourceNames.Messaging);

        await broker.StopNodeAsync();
        System.Text.Json.JsonElement incident;
        try
        {
            // The write commits with its event in the outbox; the broker being down does not fail the request.
            incident = await DeclareAndResolveAsync(client, "Resolved during a broker outage");
        }
        finally
        {
            await broker.RestartAsync(default);
        }

        var review = await Eventually.GetAsync(
            () => FirstItemAsync(client, $"/api/reviews?incidentId={incident.GetProperty("id").GetString()}"),
            "the review after the broker came back", TimeSpan.FromMinutes(3));
        Assert.Equal("draft", review.GetProperty("status").GetString());
    }
}
