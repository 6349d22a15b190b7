using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Reviews.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>Roles and the facilitator rule, the meeting with its agenda and invite, the org's policy, steps and overdue announcements.</summary>
public sealed class ReviewProcessTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    private static readonly object Neutral = new { userId = "neutral-oid", displayName = "Priya Natarajan" };

    [Fact]
    public async Task A_facilitator_who_took_part_is_refused_and_a_neutral_one_is_seated()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var incident = ReviewsTests.Resolved(caller, Severity.Sev2) with { Participants = [new IncidentParticipant("responder-oid", "Jordan Lee", "responder")] };
        await service.PublishAsync(incident);
        var reviewId = (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();

        var refused = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = new { userId = "responder-oid", displayName = "Jordan Lee" } });
        var seated = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new
        {
            facilitator = Neutral,
            noteTaker = new { userId = "notes-oid", displayName = "Sam Okafor" },
            responders = new[] { new { userId = "responder-oid", displayName = "Jordan Lee" } },
        });
        var blank = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = new { userId = "", displayName = "" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("took part in the incident as responder", problem.GetProperty("errors").GetProperty("facilitator")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        var review = await seated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Priya Natarajan", review.GetProperty("roles").GetProperty("facilitator").GetProperty("displayName").GetString());
        Assert.DoesNotContain(review.GetProperty("readiness").GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("key").GetString() == "facilitator" && !c.GetProperty("passed").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
    }

    [Fact]
    public async Task A_facilitator_who_joins_the_incident_later_no_longer_passes_readiness()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var incident = ReviewsTests.Resolved(caller, Severity.Sev1);
        await service.PublishAsync(incident);
        var reviewId = (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();
        await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = Neutral });

        await service.PublishAsync(new IncidentUpdated(caller.OrgId, incident.IncidentId, incident.Reference, ["participants"], "Checkout errors after deploy (v2.4.1)",
            null, "serviceOutage", Severity.Sev1, ["checkout-api"], [], caller.Person, [new IncidentParticipant("neutral-oid", "Priya Natarajan", "subjectMatterExpert")],
            DateTimeOffset.UtcNow));

        var check = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var readiness = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/readiness");
            var facilitator = readiness.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "facilitator");
            return facilitator.GetProperty("passed").GetBoolean() ? null : facilitator;
        }, "the facilitator check to fail");
        Assert.Contains("took part in the incident as subjectMatterExpert", check!.Value.GetProperty("missing").GetString());
        var review = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}");
        Assert.Equal("Checkout errors after deploy (v2.4.1)", review.GetProperty("incidentTitle").GetString());
    }

    [Fact]
    public async Task A_meeting_is_scheduled_with_a_timed_agenda_and_an_iCalendar_invite_then_held_once_started()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var reviewId = await ReviewIdAsync(client, caller, Severity.Sev1);
        var startsAt = DateTimeOffset.UtcNow.AddDays(1);

        var past = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { startsAt = DateTimeOffset.UtcNow.AddHours(-1), durationMinutes = 60 });
        var tooLong = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { startsAt, durationMinutes = 300 });
        var missingStart = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { durationMinutes = 60 });
        var scheduled = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { startsAt, durationMinutes = 60, location = "https://meet.example.com/inc" });
        var meeting = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/meeting");
        var invite = await client.GetAsync($"/api/reviews/{reviewId}/meeting/invite.ics");
        var early = await client.PostAsync($"/api/reviews/{reviewId}/meeting/held", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.True((await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("startsAt", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("durationMinutes", out _));
        Assert.Equal(HttpStatusCode.BadRequest, missingStart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        var steps = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadlines").EnumerateArray()
            .ToDictionary(d => d.GetProperty("step").GetString()!, d => d.GetProperty("state").GetString());
        Assert.Equal("done", steps["MeetingScheduled"]);
        var agenda = meeting.GetProperty("agenda").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(60, agenda.Sum(i => i.GetProperty("minutes").GetInt32()));
        Assert.Equal("Opening and ground rules", agenda[0].GetProperty("title").GetString());
        Assert.Contains("What surprised you?", meeting.GetProperty("agenda").GetProperty("guidingQuestions").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal("text/calendar", invite.Content.Headers.ContentType!.MediaType);
        var calendar = await invite.Content.ReadAsStringAsync();
        Assert.Contains($"DTSTART:{startsAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\n", calendar);
        Assert.Contains("BEGIN:VEVENT", calendar);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
    }

    [Fact]
    public async Task Another_orgs_roles_meeting_steps_and_overdue_list_are_not_found_or_empty()
    {
        var owner = TestCaller.NewOrg();
        var ownerClient = service.CreateClient(owner);
        var reviewId = await ReviewIdAsync(ownerClient, owner, Severity.Sev2);
        await ownerClient.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { startsAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 60 });
        var stranger = service.CreateClient();

        var responses = new[]
        {
            await stranger.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = Neutral }),
            await stranger.PutAsJsonAsync($"/api/reviews/{reviewId}/meeting", new { startsAt = DateTimeOffset.UtcNow.AddDays(2), durationMinutes = 60 }),
            await stranger.GetAsync($"/api/reviews/{reviewId}/meeting"),
            await stranger.GetAsync($"/api/reviews/{reviewId}/meeting/invite.ics"),
            await stranger.DeleteAsync($"/api/reviews/{reviewId}/meeting"),
            await stranger.PostAsync($"/api/reviews/{reviewId}/meeting/held", null),
            await stranger.PostAsync($"/api/reviews/{reviewId}/steps/TimelineDrafted/complete", null),
        };
        var strangersOverdue = await stranger.GetFromJsonAsync<JsonElement>("/api/reviews/overdue");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(strangersOverdue.EnumerateArray());
        var review = await ownerClient.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}");
        Assert.Equal(JsonValueKind.Object, review.GetProperty("meeting").ValueKind);
        Assert.False(review.GetProperty("meeting").GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task An_org_tunes_its_policy_within_bounds_and_new_reviews_follow_it_while_other_orgs_keep_the_default()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var other = service.CreateClient();

        var initial = await client.GetAsync("/api/reviews/policy");
        var outOfBounds = await client.PutAsJsonAsync("/api/reviews/policy", new
        {
            timelineDraftHours = 1, meetingScheduledDays = 3, meetingHeldDays = 7, sev1MeetingHeldDays = 3, publishedDays = 14, followUpDays = 30,
            meetingSeverities = new[] { "SEV2" },
        });
        var tuned = new
        {
            timelineDraftHours = 12, meetingScheduledDays = 2, meetingHeldDays = 5, sev1MeetingHeldDays = 3, publishedDays = 10, followUpDays = 30,
            meetingSeverities = new[] { "SEV1", "SEV2", "P3" },
        };
        var changed = await client.PutAsJsonAsync("/api/reviews/policy", tuned);
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/reviews/policy") { Content = JsonContent.Create(tuned with { followUpDays = 45 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", initial.Headers.ETag!.Tag);
        var staleResponse = await client.SendAsync(stale);
        var review = await ReviewOfAsync(client, caller, Severity.Sev3);

        Assert.True((await initial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDefault").GetBoolean());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfBounds.StatusCode);
        var errors = (await outOfBounds.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["meetingSeverities", "timelineDraftHours"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        var deadlines = review.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("step").GetString()!, d => d.GetProperty("dueAt").GetDateTimeOffset());
        var resolvedAt = review.GetProperty("incidentResolvedAt").GetDateTimeOffset();
        Assert.Equal(resolvedAt.AddHours(12), deadlines["TimelineDrafted"]);
        Assert.Equal(resolvedAt.AddDays(5), deadlines["MeetingHeld"]);
        Assert.Equal(resolvedAt.AddDays(10), deadlines["WriteUpPublished"]);
        Assert.True((await other.GetFromJsonAsync<JsonElement>("/api/reviews/policy")).GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Overdue_steps_are_listed_for_the_org_and_announced_once_each_even_by_two_watchers_at_once()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<ReviewStepOverdue>.StartAsync(service.MessagingConnectionString);
        // Resolved in 2024: every step of this SEV2 review is long overdue.
        var reviewId = await ReviewIdAsync(client, caller, Severity.Sev2);
        var watcher = service.Services.GetServices<IHostedService>().OfType<ReviewDeadlineWatcher>().Single();

        await Task.WhenAll(watcher.RaiseOverdueStepsAsync(default), watcher.RaiseOverdueStepsAsync(default));
        var overdue = await client.GetFromJsonAsync<JsonElement>("/api/reviews/overdue");
        string[] steps = ["TimelineDrafted", "MeetingScheduled", "MeetingHeld", "WriteUpPublished", "ActionsFollowedUp"];
        await Eventually.TrueAsync(() => recorder.Received.Count(e => e.Message.ReviewId == reviewId) >= steps.Length, "every overdue step to be announced");
        await watcher.RaiseOverdueStepsAsync(default);
        var done = await client.PostAsync($"/api/reviews/{reviewId}/steps/TimelineDrafted/complete", null);
        var byHand = await client.PostAsync($"/api/reviews/{reviewId}/steps/WriteUpPublished/complete", null);
        var afterDone = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/overdue?step=TimelineDrafted");
        var badSeverity = await client.GetAsync("/api/reviews/overdue?severity=SEV9");
        var badLimit = await client.GetAsync("/api/reviews/overdue?limit=0");

        Assert.Equal(steps, overdue.EnumerateArray().Where(o => o.GetProperty("reviewId").GetGuid() == reviewId).Select(o => o.GetProperty("step").GetString()));
        var announced = await service.QueryAsync(caller.OrgId, db => db.OutboxMessages
            .Where(m => m.OrgId == caller.OrgId && m.MessageType == typeof(ReviewStepOverdue).FullName).CountAsync());
        Assert.Equal(steps.Length, announced);
        Assert.Equal(steps.Order(), recorder.Received.Where(e => e.Message.ReviewId == reviewId).Select(e => e.Message.Step).Order());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, byHand.StatusCode);
        Assert.Empty(afterDone.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.StatusCode);
        Assert.True((await badSeverity.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("severity", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.True((await badLimit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    private async Task<Guid> ReviewIdAsync(HttpClient client, TestCaller caller, Severity severity) =>
        (await ReviewOfAsync(client, caller, severity)).GetProperty("id").GetGuid();

    private async Task<JsonElement> ReviewOfAsync(HttpClient client, TestCaller caller, Severity severity)
    {
        var incident = ReviewsTests.Resolved(caller, severity);
        await service.PublishAsync(incident);
        return await ReviewsTests.ReviewOfAsync(client, incident.IncidentId);
    }
}
