using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Actions;
using static IncidentPlatform.EndToEndTests.GatewayJson;

namespace IncidentPlatform.EndToEndTests;

public sealed class TrackerSyncFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_action_item_gets_its_GitHub_issue_and_closing_it_there_reaches_the_item_through_the_gateways_webhook_route()
    {
        var orgId = Guid.NewGuid();
        var leadId = Guid.NewGuid().ToString();
        var lead = platform.GatewayClient(orgId, leadId, "Dana Lead");
        var connection = await PutAsync(lead, "/api/action-items/trackers/github",
            new { baseUrl = platform.Trackers.BaseUrlOf("github"), project = "acme/payments", token = FakeTrackers.GitHubToken, autoCreate = true });
        var incident = await DeclareAndResolveAsync(lead, "Card payments timing out");
        var review = await Eventually.GetAsync(() => FirstItemAsync(lead, $"/api/reviews?incidentId={incident.GetProperty("id").GetString()}"), "the draft review");
        var item = await Eventually.GetAsync(async () =>
        {
            var response = await lead.PostAsJsonAsync("/api/action-items", new
            {
                reviewId = review.GetProperty("id").GetString(),
                title = "Alert when the card processor's p99 latency exceeds 2 s for 5 minutes",
                owner = new { userId = leadId, displayName = "Dana Lead" },
                dueDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                priority = "P1",
                type = "detect",
            });
            return response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, "Actions to accept an action item for the review");
        var id = item.GetProperty("id").GetString();

        var link = await Eventually.GetAsync(async () =>
        {
            var current = await lead.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker");
            return current.GetProperty("syncStatus").GetString() == "synced" ? current : null;
        }, "the GitHub issue");
        var number = link.GetProperty("externalKey").GetString()!.TrimStart('#');
        platform.Trackers.Issue("github", number).State = "closed";

        // GitHub has no platform token: the gateway lets its webhook through, and Actions checks the signature.
        var body = JsonSerializer.Serialize(new { action = "closed", issue = new { number = long.Parse(number, CultureInfo.InvariantCulture) } });
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(connection.GetProperty("webhookSecret").GetString()!), Encoding.UTF8.GetBytes(body)));
        using var anonymous = platform.App.CreateHttpClient(ResourceNames.Gateway);
        using var webhook = new HttpRequestMessage(HttpMethod.Post, $"/api/action-items/tracker-webhooks/{connection.GetProperty("id").GetString()}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        webhook.Headers.Add("X-GitHub-Event", "issues");
        webhook.Headers.Add("X-Hub-Signature-256", "sha256=" + signature);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.SendAsync(webhook)).StatusCode);

        await Eventually.GetAsync(async () =>
        {
            var current = await lead.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}");
            return current.GetProperty("status").GetString() == "done" ? current : null;
        }, "the item to be done after GitHub closed its issue");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/action-items/trackers")).StatusCode);
    }

    private static async Task<JsonElement> PutAsync(HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        return answer;
    }
}
