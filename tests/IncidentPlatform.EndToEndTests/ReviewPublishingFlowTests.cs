using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.AppHost.Demo;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Notifications;

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

    [Fact]
    public async Task The_worked_example_publishes_a_report_with_its_timeline_whys_factors_and_actions_and_tells_a_partner()
    {
        var client = platform.GatewayClient();
        await using var partner = await PartnerSubscriber.StartAsync(platform.App.GetConnectionString(ResourceNames.Messaging), "ReviewPublished");
        var webhookUrl = platform.Partner.NewUrl();
        var endpoint = await GatewayJson.PostAsync(client, "/api/webhooks/endpoints", new { url = webhookUrl, eventTypes = new[] { "com.incidentplatform.review.published.v1" } });
        var webhookSecret = endpoint.GetProperty("secret").GetString()!;
        var incident = await GatewayJson.PostAsync(client, "/api/incidents", new
        {
            title = DemoOrganization.IncidentTitle,
            severity = "SEV2",
            services = new[] { "checkout-api" },
            startedAt = "2024-03-15T14:23:00Z",
            detectedAt = "2024-03-15T14:27:00Z",
        });
        var incidentId = incident.GetProperty("id").GetString();
        await GatewayJson.PostAsync(client, $"/api/incidents/{incidentId}/timeline/import", new { format = "text", content = DemoOrganization.TimelineText, baseDate = "2024-03-15", timeZone = "UTC" });
        Assert.True((await client.PutAsJsonAsync($"/api/incidents/{incidentId}/impact", new { affectedCustomers = 300, failedRequests = 1500, downtimeMinutes = 22 })).IsSuccessStatusCode);
        await GatewayJson.PostAsync(client, $"/api/incidents/{incidentId}/resolve", new { at = "2024-03-15T14:45:00Z" });
        var review = await Eventually.GetAsync(() => GatewayJson.FirstItemAsync(client, $"/api/reviews?incidentId={incidentId}"), "the draft review");
        var reviewId = review.GetProperty("id").GetString();
        await Eventually.GetAsync(async () =>
        {
            var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/timeline");
            return timeline.GetArrayLength() == 10 ? timeline : null;
        }, "Reviews to know the ten timeline entries");

        string[] whys =
        [
            "Checkouts failed because checkout-api could not get database connections.",
            "The pool was exhausted because v2.4.1 held connections during the payment provider call.",
            "The change passed staging because staging traffic never fills the pool.",
            "Load tests are not required for changes to connection handling.",
            "The release checklist has no step for load-dependent changes.",
        ];
        string[] factors =
        [
            "v2.4.1 held a connection across the payment provider call.",
            "Canary analysis does not compare error rates automatically.",
            "Staging traffic never exercises pool exhaustion.",
            "The rollback runbook was hard to find during the incident.",
        ];
        string[] actions =
        [
            "Block canary promotion when checkout error rate exceeds 0.5%",
            "Add a production-like load test stage for connection-pool changes",
            "Link the rollback runbook from the checkout-api alert",
        ];
        var written = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new
        {
            summary = "checkout-api v2.4.1 exhausted its database connection pool under production load; about 300 checkouts failed for 22 minutes.",
            fiveWhys = whys,
            contributingFactors = factors.Select((description, i) => new
            {
                description,
                category = new[] { "systems", "tools", "environment", "process" }[i],
                role = new[] { "trigger", "amplifier", "amplifier", "recoveryFriction" }[i],
            }),
            wentWell = new[] { "The rollback took four minutes from decision to recovery." },
            wentPoorly = new[] { "The first alert went to a channel nobody watched." },
            lessonsLearned = new[] { "Load-dependent failures need production-like load before promotion." },
        });
        var seated = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = new { userId = "neutral-oid", displayName = "Priya Natarajan" } });
        // Actions learns of the review through ReviewCreated; until then it does not know it (422).
        await Eventually.GetAsync(async () =>
        {
            var report = await client.GetAsync($"/api/action-items/quality?reviewId={reviewId}");
            return report.StatusCode == HttpStatusCode.OK ? await report.Content.ReadFromJsonAsync<JsonElement>() : null;
        }, "Actions to know the review");
        foreach (var (title, i) in actions.Select((t, i) => (t, i)))
        {
            await GatewayJson.PostAsync(client, "/api/action-items", new
            {
                reviewId,
                title,
                description = "So that the failure mode is caught before customers see it.",
                owner = new { userId = $"owner-{i}", displayName = $"Owner {i}" },
                dueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd"),
                priority = "P1",
                type = "prevent",
            });
        }

        await Eventually.GetAsync(async () =>
        {
            var read = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}");
            return read.GetProperty("actionItemCount").GetInt32() == actions.Length && read.GetProperty("readiness").GetProperty("ready").GetBoolean() ? read : null;
        }, "the review to know its three actions and be ready");
        var published = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        var markdown = await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=markdown");
        var partnerEvent = await partner.WaitForAsync(m => m.GetProperty("reviewId").GetString() == reviewId, "ReviewPublished at the partner's queue");
        var cloudEvent = await Eventually.GetAsync(() => Task.FromResult(platform.Partner.ReceivedAt(webhookUrl)
            .Select(r => (JsonElement?)JsonDocument.Parse(r.Body).RootElement.Clone()).FirstOrDefault()), "the CloudEvent at the partner's webhook");
        var webhook = platform.Partner.ReceivedAt(webhookUrl)[0];

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var sections = markdown.Split("\n## ").Skip(1).ToDictionary(s => s[..s.IndexOf('\n')], s => s);
        Assert.Equal(10, sections.Count);
        var timelineSection = sections["2. Timeline"];
        foreach (var line in DemoOrganization.TimelineText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Assert.Contains($"2024-03-15 {line[..5]}", timelineSection);
        }

        Assert.Equal(10, timelineSection.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.Equal(5, sections["3. Root cause analysis"].Split('\n').Count(l => l.Contains("Why?", StringComparison.Ordinal)));
        Assert.Equal(4, sections["4. Contributing factors"].Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.Contains("Went well: The rollback took four minutes", sections["6. Response evaluation"]);
        Assert.Contains("Affected customers: 300", sections["5. Impact assessment"]);
        Assert.Equal(3, sections["8. Action items and owners"].Split('\n').Count(l => l.StartsWith("- P1", StringComparison.Ordinal)));
        Assert.Equal(1, partnerEvent.GetProperty("reportVersion").GetInt32());
        Assert.Equal(incidentId, partnerEvent.GetProperty("incidentId").GetString());
        Assert.True(StandardWebhooksVerifier.Verify(webhookSecret, webhook.Headers, webhook.Body, DateTimeOffset.UtcNow));
        Assert.Equal("com.incidentplatform.review.published.v1", cloudEvent.GetProperty("type").GetString());
        Assert.Equal(reviewId, cloudEvent.GetProperty("data").GetProperty("reviewId").GetString());
        Assert.Equal("SEV2", cloudEvent.GetProperty("data").GetProperty("severity").GetString());
    }
}
