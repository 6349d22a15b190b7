using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.Reviews;

public sealed class ReviewsTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    private static readonly DateTimeOffset ResolvedAt = DateTimeOffset.Parse("2024-03-15T14:45:00Z");

    [Theory]
    [InlineData(Severity.Sev1, "formalMeeting", "leadershipAndEngineering", "MeetingHeld", 3)]
    [InlineData(Severity.Sev2, "writtenReview", "engineeringTeam", "MeetingHeld", 7)]
    [InlineData(Severity.Sev3, "briefWriteUp", "teamLead", "WriteUpPublished", 14)]
    [InlineData(Severity.Sev4, "trackerNote", "onCallRecord", "NoteRecorded", 14)]
    public async Task A_resolved_incident_opens_a_draft_review_with_the_deadlines_of_its_severity(
        Severity severity, string format, string audience, string step, int dueInDays)
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<ReviewCreated>.StartAsync(service.MessagingConnectionString);
        var incident = Resolved(caller, severity);

        await service.PublishAsync(incident);

        var review = await ReviewOfAsync(client, incident.IncidentId);
        Assert.Equal("draft", review.GetProperty("status").GetString());
        Assert.Equal(format, review.GetProperty("format").GetString());
        Assert.Equal(audience, review.GetProperty("audience").GetString());
        Assert.Equal(caller.UserId, review.GetProperty("owner").GetProperty("userId").GetString());
        var deadlines = review.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("step").GetString()!, d => d.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(ResolvedAt.AddDays(dueInDays), deadlines[step]);
        Assert.Equal(ResolvedAt.AddDays(30), deadlines["ActionsFollowedUp"]);
        var created = await recorder.WaitForAsync(e => e.IncidentId == incident.IncidentId);
        Assert.Equal(caller.OrgId, created.OrgId);
        Assert.Equal(review.GetProperty("id").GetGuid(), created.ReviewId);
    }

    [Fact]
    public async Task A_redelivered_message_has_no_second_effect()
    {
        var caller = TestCaller.NewOrg();
        var incident = Resolved(caller, Severity.Sev2);
        var messageId = Guid.NewGuid();

        await service.PublishAsync(incident, messageId);
        await service.PublishAsync(incident, messageId);

        await Eventually.TrueAsync(() => service.Consumed.Count(messageId) == 2, "both deliveries to be consumed");
        Assert.Equal(1, await service.QueryAsync(caller.OrgId, db => db.Reviews.CountAsync(r => r.IncidentId == incident.IncidentId)));
        Assert.Equal(1, await service.QueryAsync(caller.OrgId, db => db.InboxMessages.CountAsync(m => m.MessageId == messageId)));
        Assert.Equal(1, await service.QueryAsync(caller.OrgId, db => db.OutboxMessages.CountAsync(m => m.OrgId == caller.OrgId && m.MessageType == typeof(ReviewCreated).FullName)));
    }

    [Fact]
    public async Task A_consumer_that_crashes_mid_message_is_retried_and_processes_it_once()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<ReviewCreated>.StartAsync(service.MessagingConnectionString);
        var incident = Resolved(caller, Severity.Sev1);
        service.Crash.ArmFor(incident.IncidentId);

        await service.PublishAsync(incident);

        await ReviewOfAsync(client, incident.IncidentId);
        await recorder.WaitForAsync(e => e.IncidentId == incident.IncidentId);
        Assert.True(service.Crash.HasCrashedFor(incident.IncidentId));
        Assert.Equal(1, await service.QueryAsync(caller.OrgId, db => db.Reviews.CountAsync(r => r.IncidentId == incident.IncidentId)));
        // The review's steps are long overdue (resolved in 2024), so ReviewStepOverdue events may follow; ReviewCreated is once.
        Assert.Equal(1, await service.QueryAsync(caller.OrgId, db => db.OutboxMessages.CountAsync(m => m.OrgId == caller.OrgId && m.MessageType == typeof(ReviewCreated).FullName)));
    }

    [Fact]
    public async Task Another_org_can_not_see_a_review()
    {
        var owner = TestCaller.NewOrg();
        var incident = Resolved(owner, Severity.Sev3);
        await service.PublishAsync(incident);
        var review = await ReviewOfAsync(service.CreateClient(owner), incident.IncidentId);
        var stranger = service.CreateClient();

        var read = await stranger.GetAsync($"/api/reviews/{review.GetProperty("id").GetString()}");
        var list = await stranger.GetFromJsonAsync<JsonElement>($"/api/reviews?incidentId={incident.IncidentId}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Reading_reviews_needs_a_token()
    {
        var response = await service.CreateAnonymousClient().GetAsync("/api/reviews");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static IncidentResolved Resolved(TestCaller lead, Severity severity) => new(
        lead.OrgId, Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", severity, ["checkout-api"], lead.Person,
        ResolvedAt.AddMinutes(-22), ResolvedAt.AddMinutes(-18), ResolvedAt, DateTimeOffset.UtcNow);

    internal static async Task<JsonElement> ReviewOfAsync(HttpClient client, Guid incidentId)
    {
        var review = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/reviews?incidentId={incidentId}");
            return page.GetProperty("items").EnumerateArray().Select(r => (JsonElement?)r).FirstOrDefault();
        }, "the draft review");
        return review!.Value;
    }
}
