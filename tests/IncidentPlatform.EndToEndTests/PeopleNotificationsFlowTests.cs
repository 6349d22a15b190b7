using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static IncidentPlatform.EndToEndTests.GatewayJson;

namespace IncidentPlatform.EndToEndTests;

public sealed class PeopleNotificationsFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_incident_lead_who_chose_Slack_gets_their_new_review_there_as_well_as_in_the_inbox()
    {
        var lead = platform.GatewayClient(Guid.NewGuid(), Guid.NewGuid().ToString(), "Dana Lead");
        var slack = platform.Partner.NewUrl();
        var saved = await lead.PutAsJsonAsync("/api/notifications/preferences", new { timeZone = "Europe/Berlin", slack = new { enabled = true, webhookUrl = slack } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.DoesNotContain(new Uri(slack).AbsolutePath, await saved.Content.ReadAsStringAsync());

        var incident = await DeclareAndResolveAsync(lead, "Search results empty for some queries");

        var message = await Eventually.GetAsync(() => Task.FromResult(platform.Partner.ReceivedAt(slack)
            .Select(received => (JsonElement?)JsonDocument.Parse(received.Body).RootElement.Clone()).FirstOrDefault()), "the Slack message");
        Assert.Contains(incident.GetProperty("reference").GetString()!, message.GetProperty("text").GetString());
        var inbox = await Eventually.GetAsync(() => FirstItemAsync(lead, "/api/notifications", n => n.GetProperty("kind").GetString() == "reviewAssigned"), "the inbox entry");
        var detail = await lead.GetFromJsonAsync<JsonElement>($"/api/notifications/{inbox.GetProperty("id").GetString()}");
        Assert.Equal("slack", Assert.Single(detail.GetProperty("deliveries").EnumerateArray()).GetProperty("channel").GetString());
    }
}
