using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>Reviews' copy of the timeline and impact, kept from Incidents' events, and the report's snapshot of them.</summary>
public sealed class ReviewTimelineTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2024-03-15T14:23:00Z");

    [Fact]
    public async Task The_timeline_copy_takes_the_newest_version_keeps_deletions_and_the_report_snapshots_it_with_the_impact()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var incident = ReviewsTests.Resolved(caller, Severity.Sev3) with
        {
            Impact = new IncidentImpactFigures(AffectedUsers: 1200, RevenueEstimate: new MoneyAmount(4500m, "USD"), SlasBreached: ["checkout availability 99.95%"]),
        };
        var (deploy, alert, noise) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // The edit is published before the import it edits, and a late edit after a deletion: arrival order must not matter.
        var events = new[]
        {
            Changed(incident, TimelineChange.Edited, Entry(alert, 4, "Alert: checkout error rate > 1% (PagerDuty)", version: 2, keyMoment: true)),
            Changed(incident, TimelineChange.Imported,
                Entry(deploy, 0, "Deployment of checkout-api v2.4.1 begins", knowledge: "learnedLater"), Entry(alert, 4, "Alert: checkout errors"), Entry(noise, 5, "typo line")),
            new TimelineChanged(caller.OrgId, incident.IncidentId, incident.Reference, TimelineChange.Deleted, [noise], 1, caller.Person, DateTimeOffset.UtcNow),
            Changed(incident, TimelineChange.Edited, Entry(noise, 5, "a late edit of a deleted line", version: 2)),
        };
        var messageIds = events.Select(_ => Guid.NewGuid()).ToList();
        foreach (var (timelineEvent, messageId) in events.Zip(messageIds))
        {
            await service.PublishAsync(timelineEvent, messageId);
        }

        await service.PublishAsync(incident);
        var reviewId = (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();

        await Eventually.TrueAsync(() => messageIds.All(id => service.Consumed.Count(id) > 0), "the four timeline events to be consumed");
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/timeline");
        // A factor links only to entries of the incident's timeline: not a deleted one, not an unknown one.
        var badLinks = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new
        {
            contributingFactors = new[] { new { description = "Canary analysis does not compare error rates.", category = "tools", role = "amplifier", timelineEntryIds = new[] { alert, noise, Guid.NewGuid() } } },
        });
        var badLinksProblem = await badLinks.Content.ReadFromJsonAsync<JsonElement>();
        var written = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new
        {
            summary = "Checkout errors for 22 minutes after a deployment.",
            fiveWhys = new[] { "The new version held database connections during a slow call." },
            contributingFactors = new[] { new { description = "Canary analysis does not compare error rates.", category = "tools", role = "amplifier", timelineEntryIds = new[] { alert } } },
        });
        var published = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });
        var laterEdit = Guid.NewGuid();
        await service.PublishAsync(Changed(incident, TimelineChange.Edited, Entry(deploy, 0, "Edited after publication", version: 3)), laterEdit);
        await Eventually.TrueAsync(() => service.Consumed.Count(laterEdit) > 0, "the later edit to be consumed");
        var markdown = await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=markdown");
        var stranger = await service.CreateClient().GetAsync($"/api/reviews/{reviewId}/timeline");

        Assert.True(timeline.GetArrayLength() == 2, timeline.ToString());
        Assert.Equal(["Deployment of checkout-api v2.4.1 begins", "Alert: checkout error rate > 1% (PagerDuty)"],
            timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badLinks.StatusCode);
        Assert.Equal(["contributingFactors[0].timelineEntryIds[1]", "contributingFactors[0].timelineEntryIds[2]"],
            badLinksProblem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("- 2024-03-15 14:23 · deploy · Deployment of checkout-api v2.4.1 begins (learned later)", markdown);
        Assert.Contains("- ★ 2024-03-15 14:27 · signal · Alert: checkout error rate &gt; 1% (PagerDuty)", markdown);
        Assert.DoesNotContain("typo line", markdown);
        Assert.DoesNotContain("Edited after publication", markdown);
        Assert.Contains("Canary analysis does not compare error rates. (tools, amplifier) — timeline 14:27 UTC", markdown);
        Assert.Contains("- Affected users: 1,200", markdown);
        Assert.Contains("- Revenue estimate: 4,500.00 USD", markdown);
        Assert.Contains("- SLAs breached: checkout availability 99.95%", markdown);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }

    private static TimelineChanged Changed(IncidentResolved incident, TimelineChange change, params TimelineEntrySnapshot[] entries) =>
        new(incident.OrgId, incident.IncidentId, incident.Reference, change, [.. entries.Select(e => e.EntryId)], entries.Length, incident.IncidentLead, DateTimeOffset.UtcNow)
        {
            Entries = entries,
        };

    private static TimelineEntrySnapshot Entry(Guid id, int minute, string text, int version = 1, bool keyMoment = false, string knowledge = "knownAtTheTime") =>
        new(id, At.AddMinutes(minute), minute == 0 ? "deploy" : "signal", text, null, knowledge, keyMoment, new PersonRef("author", "Alex Rivera"), version);
}
