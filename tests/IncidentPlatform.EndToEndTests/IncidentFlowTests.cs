using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.AppHost.Demo;
using IncidentPlatform.Contracts;
using static IncidentPlatform.EndToEndTests.GatewayJson;

namespace IncidentPlatform.EndToEndTests;

public sealed class IncidentFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task Resolving_an_incident_flows_through_every_service_behind_the_gateway()
    {
        var orgId = Guid.NewGuid();
        var leadId = Guid.NewGuid().ToString();
        var lead = platform.GatewayClient(orgId, leadId, "Dana Lead");

        var incident = await DeclareAndResolveAsync(lead, "Payments declined for all cards");
        var incidentId = incident.GetProperty("id").GetString();

        var review = await Eventually.GetAsync(() => FirstItemAsync(lead, $"/api/reviews?incidentId={incidentId}"), "the draft review");
        Assert.Equal("draft", review.GetProperty("status").GetString());
        Assert.Equal("formalMeeting", review.GetProperty("format").GetString());
        Assert.Equal("2025-06-05T09:10:00Z", review.GetProperty("deadlines").EnumerateArray()
            .Single(d => d.GetProperty("step").GetString() == "MeetingHeld").GetProperty("dueAt").GetString());

        var reviewNotification = await Eventually.GetAsync(() => FirstItemAsync(lead, "/api/notifications",
            n => n.GetProperty("kind").GetString() == "reviewAssigned"), "the incident lead's notification");
        Assert.Equal($"/api/reviews/{review.GetProperty("id").GetString()}", reviewNotification.GetProperty("link").GetString());

        // Actions learns of the review through ReviewCreated; until then the review is unknown to it (422).
        var actionItem = await Eventually.GetAsync(async () =>
        {
            var response = await lead.PostAsJsonAsync("/api/action-items", new
            {
                reviewId = review.GetProperty("id").GetString(),
                title = "Add a synthetic card-decline check to the payments canary",
                owner = new { userId = leadId, displayName = "Dana Lead" },
                dueDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
                priority = "P1",
                type = "detect",
            });
            return response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, "Actions to accept an action item for the review");

        var readBack = await lead.GetFromJsonAsync<JsonElement>($"/api/action-items/{actionItem.GetProperty("id").GetString()}");
        Assert.Equal(incidentId, readBack.GetProperty("incidentId").GetString());
        var incidentReadBack = await lead.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}");
        Assert.Equal("resolved", incidentReadBack.GetProperty("status").GetString());
        await Eventually.GetAsync(() => FirstItemAsync(lead, "/api/notifications",
            n => n.GetProperty("kind").GetString() == "actionItemAssigned"), "the action owner's notification");

        // Done with evidence by its owner, verified by a colleague: Actions tells Notifications, which tells the owner.
        var itemPath = $"/api/action-items/{actionItem.GetProperty("id").GetString()}";
        var colleague = platform.GatewayClient(orgId, Guid.NewGuid().ToString(), "Sam Colleague");
        var done = await lead.PostAsJsonAsync($"{itemPath}/complete", new { evidence = new[] { new { url = "https://github.com/acme/payments/pull/9", note = "Canary check merged" } } });
        var verified = await colleague.PostAsync($"{itemPath}/verify", null);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var verification = await Eventually.GetAsync(() => FirstItemAsync(lead, "/api/notifications",
            n => n.GetProperty("kind").GetString() == "actionItemVerified"), "the owner's verification notice");
        Assert.Contains("Sam Colleague", verification.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_demo_org_holds_the_worked_example_and_seeding_again_changes_nothing()
    {
        var demo = platform.GatewayClient(DemoOrganization.OrgId, DemoOrganization.IncidentLead.UserId, DemoOrganization.IncidentLead.DisplayName);

        var incident = await FirstItemAsync(demo, "/api/incidents", i => i.GetProperty("title").GetString() == DemoOrganization.IncidentTitle);
        var again = await DemoOrganization.SeedAsync(platform.App.GetEndpoint(ResourceNames.Gateway),
            platform.App.Identity.MintToken(DemoOrganization.OrgId, DemoOrganization.IncidentLead.UserId, "Alex Rivera"), default);

        Assert.NotNull(incident);
        Assert.Equal("SEV2", incident.Value.GetProperty("severity").GetString());
        Assert.Equal(22, incident.Value.GetProperty("durationMinutes").GetDouble());
        Assert.Contains("already present", again);
        var timeline = await demo.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident.Value.GetProperty("id").GetString()}/timeline");
        Assert.Equal(10, timeline.GetProperty("entries").GetArrayLength());
        var all = await demo.GetFromJsonAsync<JsonElement>("/api/incidents");
        Assert.Single(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == DemoOrganization.IncidentTitle);
        await Eventually.GetAsync(() => FirstItemAsync(demo, $"/api/reviews?incidentId={incident.Value.GetProperty("id").GetString()}"), "the demo review");
        await Eventually.GetAsync(() => FirstItemAsync(demo, "/api/notifications"), "the demo lead's notification");
        var demoReview = await Eventually.GetAsync(() => FirstItemAsync(demo, $"/api/reviews?incidentId={incident.Value.GetProperty("id").GetString()}"), "the demo review");
        var actions = await Eventually.GetAsync(async () =>
        {
            var report = await demo.GetFromJsonAsync<JsonElement>($"/api/action-items/quality?reviewId={demoReview.GetProperty("id").GetString()}");
            return report.GetProperty("items").GetInt32() == 3 ? report : (JsonElement?)null;
        }, "the worked example's three action items");
        Assert.Equal(3, actions.GetProperty("itemsPassing").GetInt32());
        Assert.Empty(actions.GetProperty("reviewFindings").EnumerateArray());
    }

    [Fact]
    public async Task Another_org_sees_none_of_it_through_the_gateway()
    {
        var orgId = Guid.NewGuid();
        var userId = Guid.NewGuid().ToString();
        var owner = platform.GatewayClient(orgId, userId);
        var incident = await DeclareAndResolveAsync(owner, "Search results empty");
        var incidentId = incident.GetProperty("id").GetString();
        var review = await Eventually.GetAsync(() => FirstItemAsync(owner, $"/api/reviews?incidentId={incidentId}"), "the review");
        var notification = await Eventually.GetAsync(() => FirstItemAsync(owner, "/api/notifications"), "the notification");
        var stranger = platform.GatewayClient();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/incidents/{incidentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/incidents/{incidentId}/resolve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/reviews/{review.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/notifications/{notification.GetProperty("id").GetString()}")).StatusCode);
        Assert.Null(await FirstItemAsync(stranger, "/api/incidents", i => i.GetProperty("id").GetString() == incidentId));
    }
}
