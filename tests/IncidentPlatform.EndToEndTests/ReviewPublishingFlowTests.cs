using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentPlatform.EndToEndTests;

/// <summary>The loop through every hop: resolve → draft review → analysis → publish → the incident closes.</summary>
public sealed class ReviewPublishingFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task Publishing_a_review_through_the_gateway_closes_its_incident()
    {
        var client = platform.GatewayClient();
        var incident = await GatewayJson.PostAsync(client, "/api/incidents", new
        {
            title = "Search latency above SLO",
            severity = "SEV3",
            services = new[] { "search-api" },
            startedAt = "2025-05-06T09:00:00Z",
            detectedAt = "2025-05-06T09:04:00Z",
        });
        var incidentId = incident.GetProperty("id").GetString();
        await GatewayJson.PostAsync(client, $"/api/incidents/{incidentId}/resolve", new { at = "2025-05-06T09:40:00Z" });
        var review = await Eventually.GetAsync(() => GatewayJson.FirstItemAsync(client, $"/api/reviews?incidentId={incidentId}"), "the draft review");
        var reviewId = review.GetProperty("id").GetString();

        var written = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new
        {
            summary = "An index rebuild during peak traffic doubled search latency for 40 minutes.",
            fiveWhys = new[] { "The rebuild competed with queries for disk I/O." },
            contributingFactors = new[] { new { description = "Rebuilds are not scheduled off-peak.", category = "process", role = "amplifier" } },
        });
        var published = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var closed = await Eventually.GetAsync(async () =>
        {
            var read = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}");
            return read.GetProperty("status").GetString() == "closed" ? (JsonElement?)read : null;
        }, "the incident to close");
        Assert.Equal(reviewId, closed.GetProperty("closedByReviewId").GetString());
        Assert.Contains("Rebuilds are not scheduled off-peak.", await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=html"));
    }

    [Fact]
    public async Task A_SEV2_review_seats_a_neutral_facilitator_and_schedules_its_meeting_with_an_invite_through_the_gateway()
    {
        var client = platform.GatewayClient();
        var incident = await GatewayJson.PostAsync(client, "/api/incidents", new
        {
            title = "Checkout errors after deploy",
            severity = "SEV2",
            services = new[] { "checkout-api" },
            startedAt = "2025-06-02T14:23:00Z",
            detectedAt = "2025-06-02T14:25:00Z",
        });
        var incidentId = incident.GetProperty("id").GetString();
        await client.PutAsJsonAsync($"/api/incidents/{incidentId}/participants/responder-oid", new { displayName = "Jordan Lee", role = "responder" });
        await GatewayJson.PostAsync(client, $"/api/incidents/{incidentId}/resolve", new { at = "2025-06-02T14:45:00Z" });
        var review = await Eventually.GetAsync(() => GatewayJson.FirstItemAsync(client, $"/api/reviews?incidentId={incidentId}"), "the draft review");
        var reviewId = review.GetProperty("id").GetString();

        var partial = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = new { userId = "responder-oid", displayName = "Jordan Lee" } });
        var seated = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = new { userId = "neutral-oid", displayName = "Priya Natarajan" } });
        var scheduled = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { startsAt = DateTimeOffset.UtcNow.AddDays(2), durationMinutes = 45 });
        var invite = await client.GetAsync($"/api/reviews/{reviewId}/meeting/invite.ics");
        var overdue = await client.GetFromJsonAsync<JsonElement>("/api/reviews/overdue");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, partial.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal("text/calendar", invite.Content.Headers.ContentType?.MediaType);
        Assert.Contains("SUMMARY:Post-incident review: ", await invite.Content.ReadAsStringAsync());
        // Resolved in 2025: the timeline draft is long overdue, the meeting is scheduled.
        var steps = overdue.EnumerateArray().Where(o => o.GetProperty("reviewId").GetString() == reviewId).Select(o => o.GetProperty("step").GetString()).ToList();
        Assert.Contains("TimelineDrafted", steps);
        Assert.DoesNotContain("MeetingScheduled", steps);
    }
}
