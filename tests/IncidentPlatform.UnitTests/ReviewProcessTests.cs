using System.Text;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Meetings;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

/// <summary>The review process: the org's policy, deadlines, roles, the meeting with its agenda and invite, and steps.</summary>
public sealed class ReviewProcessTests
{
    private static readonly DateTimeOffset ResolvedAt = DateTimeOffset.Parse("2024-03-15T14:45:00Z");
    private static readonly DateTimeOffset Now = ResolvedAt.AddHours(2);
    private static readonly PersonRef Lead = new("lead-oid", "Alex Rivera");
    private static readonly PersonRef Responder = new("responder-oid", "Jordan Lee");
    private static readonly PersonRef Neutral = new("neutral-oid", "Priya Natarajan");

    private static readonly ReviewPolicySettings Defaults = ReviewPolicy.DefaultFor(Guid.Empty).Settings;

    [Fact]
    public void A_tuned_policy_sets_the_deadlines_and_which_severities_meet()
    {
        var policy = ReviewPolicy.DefaultFor(Guid.NewGuid());
        policy.Change(Defaults with { TimelineDraftHours = 12, PublishedDays = 10, MeetingSeverities = [Severity.Sev3, Severity.Sev1] }, Lead, Now);

        var sev3 = ReviewRequirement.For(Severity.Sev3, policy).Steps.ToDictionary(s => s.Name, s => s.DueAfterResolution);
        var sev2 = ReviewRequirement.For(Severity.Sev2, policy).Steps.Select(s => s.Name);

        Assert.Equal(TimeSpan.FromHours(12), sev3["TimelineDrafted"]);
        Assert.Equal(TimeSpan.FromDays(7), sev3["MeetingHeld"]);
        Assert.Equal(TimeSpan.FromDays(10), sev3["WriteUpPublished"]);
        Assert.DoesNotContain("MeetingHeld", sev2);
        Assert.Equal([Severity.Sev1, Severity.Sev3], policy.MeetingSeverities);
    }

    [Fact]
    public void A_SEV1_meeting_is_scheduled_and_held_within_its_shorter_deadline()
    {
        var steps = ReviewRequirement.For(Severity.Sev1).Steps.ToDictionary(s => s.Name, s => s.DueAfterResolution);

        Assert.Equal(TimeSpan.FromDays(3), steps["MeetingScheduled"]);
        Assert.Equal(TimeSpan.FromDays(3), steps["MeetingHeld"]);
    }

    [Fact]
    public void A_policy_out_of_bounds_is_refused_field_by_field_and_left_unchanged()
    {
        var policy = ReviewPolicy.DefaultFor(Guid.NewGuid());

        var refused = Assert.Throws<ValidationException>(() => policy.Change(
            Defaults with { TimelineDraftHours = 1, MeetingHeldDays = 2, FollowUpDays = 400, MeetingSeverities = [Severity.Sev2] }, Lead, Now));

        Assert.Equal(422, refused.StatusCode);
        Assert.Equal(["followUpDays", "meetingHeldDays", "meetingSeverities", "sev1MeetingHeldDays", "timelineDraftHours"], refused.Errors.Keys.Order());
        Assert.Equal(Defaults.TimelineDraftHours, policy.TimelineDraftHours);
        Assert.Equal(0, policy.Version);
    }

    [Theory]
    [InlineData(Severity.Sev1, 60, new[] { 5, 5, 10, 20, 10, 10 })]
    [InlineData(Severity.Sev2, 60, new[] { 5, 5, 10, 20, 10, 10 })]
    [InlineData(Severity.Sev3, 45, new[] { 5, 5, 10, 15, 5, 5 })]
    [InlineData(Severity.Sev3, 60, new[] { 5, 5, 15, 20, 10, 5 })]
    [InlineData(Severity.Sev1, 75, new[] { 5, 5, 20, 20, 10, 15 })]
    public void The_agenda_fits_the_meeting_within_each_sections_range(Severity severity, int duration, int[] minutes)
    {
        var agenda = MeetingAgenda.For(severity, duration);

        Assert.Equal(minutes, agenda.Items.Select(i => i.Minutes));
        Assert.Equal(duration, agenda.Items.Sum(i => i.Minutes));
        Assert.Equal(agenda.Items.Select(i => i.StartsAtMinute), agenda.Items.Select((_, n) => agenda.Items.Take(n).Sum(i => i.Minutes)));
        Assert.Contains("What information would have helped you act sooner?", agenda.GuidingQuestions);
    }

    [Fact]
    public void Time_beyond_every_sections_maximum_becomes_open_discussion()
    {
        var agenda = MeetingAgenda.For(Severity.Sev2, 120);

        Assert.Equal(("Open discussion", 75, 45), (agenda.Items[^1].Title, agenda.Items[^1].StartsAtMinute, agenda.Items[^1].Minutes));
    }

    [Fact]
    public void A_facilitator_who_took_part_in_the_incident_is_refused()
    {
        var review = Draft(Severity.Sev2);

        var lead = Assert.Throws<ValidationException>(() => review.AssignRoles(new ReviewRoles(Facilitator: Lead), Now));
        var responder = Assert.Throws<ValidationException>(() => review.AssignRoles(new ReviewRoles(Facilitator: Responder), Now));
        var notes = Assert.Throws<ValidationException>(() => review.AssignRoles(new ReviewRoles(Facilitator: Neutral, NoteTaker: Neutral), Now));

        Assert.Contains("led the incident", lead.Errors["facilitator"][0]);
        Assert.Contains("took part in the incident as responder", responder.Errors["facilitator"][0]);
        Assert.Equal(422, responder.StatusCode);
        Assert.True(notes.Errors.ContainsKey("noteTaker"));
        Assert.True(review.AssignRoles(new ReviewRoles(Facilitator: Neutral, NoteTaker: Responder), Now));
        Assert.False(review.AssignRoles(new ReviewRoles(Facilitator: Neutral, NoteTaker: Responder), Now));
    }

    [Fact]
    public void A_review_opens_with_the_incidents_people_seated_by_their_role()
    {
        var review = Draft(Severity.Sev2);

        Assert.Equal([Responder], review.Roles.Responders!);
        Assert.Equal(new PersonRef("owner-oid", "Lena Fischer"), review.Roles.ServiceOwner);
        Assert.Equal([new PersonRef("support-oid", "Sam Okafor")], review.Roles.SupportSeats!);
    }

    [Fact]
    public void A_meeting_is_in_the_future_and_lasts_45_minutes_to_4_hours()
    {
        var review = Draft(Severity.Sev2);

        var past = Assert.Throws<ValidationException>(() => review.ScheduleMeeting(Now.AddMinutes(-1), 60, null, Lead, Now));
        var tooLong = Assert.Throws<ValidationException>(() => review.ScheduleMeeting(Now.AddDays(1), 241, null, Lead, Now));
        var tooShort = Assert.Throws<ValidationException>(() => review.ScheduleMeeting(Now.AddDays(1), 30, null, Lead, Now));

        Assert.True(past.Errors.ContainsKey("startsAt"));
        Assert.True(tooLong.Errors.ContainsKey("durationMinutes"));
        Assert.True(tooShort.Errors.ContainsKey("durationMinutes"));
        Assert.Null(review.Meeting);
    }

    [Fact]
    public void Scheduling_completes_its_step_and_the_meeting_is_held_only_once_it_has_started()
    {
        var review = Draft(Severity.Sev2);
        var startsAt = Now.AddDays(1);

        review.ScheduleMeeting(startsAt, 60, "Room 4", Lead, Now);
        var early = Assert.Throws<ConflictException>(() => review.RecordMeetingHeld(Lead, Now));
        review.ScheduleMeeting(startsAt.AddHours(1), 50, "Room 4", Lead, Now);
        review.RecordMeetingHeld(Lead, startsAt.AddHours(1.5));

        Assert.Contains("can be recorded as held once it has started", early.Message);
        Assert.Equal(ReviewStepState.Done, Step(review, "MeetingScheduled").StateAt(Now));
        Assert.Equal(ReviewStepState.Done, Step(review, "MeetingHeld").StateAt(Now));
        Assert.Equal(1, review.Meeting!.Sequence);
        Assert.Throws<ConflictException>(() => review.ScheduleMeeting(startsAt.AddDays(1), 60, null, Lead, startsAt.AddHours(2)));
    }

    [Fact]
    public void Steps_the_review_does_itself_are_not_marked_by_hand_and_others_become_overdue_until_done()
    {
        var review = Draft(Severity.Sev2);
        var late = ResolvedAt.AddDays(2);

        var byHand = Assert.Throws<ConflictException>(() => review.CompleteStep("WriteUpPublished", Lead, Now));
        var overdueBefore = review.OverdueSteps(late).Select(s => s.Step).ToList();
        review.CompleteStep("timelineDrafted", Lead, late);

        Assert.Contains("publishing", byHand.Message);
        Assert.Equal(["TimelineDrafted"], overdueBefore);
        Assert.Empty(review.OverdueSteps(late));
        Assert.Throws<NotFoundException>(() => review.CompleteStep("Celebrate", Lead, Now));
    }

    [Fact]
    public void The_invite_is_an_iCalendar_event_in_UTC_with_escaped_folded_lines()
    {
        var review = Draft(Severity.Sev1);
        review.AssignRoles(new ReviewRoles(Facilitator: Neutral), Now);
        review.ScheduleMeeting(DateTimeOffset.Parse("2024-03-18T16:00:00+01:00"), 60, "Room 4; floor 2, east", Lead, Now);

        var calendar = MeetingInvite.ToICalendar(review, review.Meeting!, review.Agenda!, Now);
        var lines = calendar.Split("\r\n");

        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", calendar);
        Assert.EndsWith("END:VCALENDAR\r\n", calendar);
        Assert.DoesNotContain(calendar.Replace("\r\n", "", StringComparison.Ordinal), c => c is '\r' or '\n');
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.Contains("DTSTART:20240318T150000Z", lines);
        Assert.Contains("DTEND:20240318T160000Z", lines);
        Assert.Contains($"UID:review-{review.Id}@incidentplatform", lines);
        Assert.Contains("LOCATION:Room 4\\; floor 2\\, east", lines);
        var unfolded = calendar.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("Facilitator: Priya Natarajan", unfolded);
        Assert.Contains("00' Opening and ground rules (5 min)\\n", unfolded);
    }

    private static ReviewStepDeadline Step(Review review, string step) => review.Deadlines.Single(d => d.Step == step);

    private static Review Draft(Severity severity) => Review.OpenDraft(
        new IncidentResolved(Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors", severity, ["checkout-api"], Lead,
            ResolvedAt.AddMinutes(-22), ResolvedAt.AddMinutes(-18), ResolvedAt, ResolvedAt)
        {
            Participants =
            [
                new IncidentParticipant(Responder.UserId, Responder.DisplayName, "responder"),
                new IncidentParticipant("owner-oid", "Lena Fischer", "serviceOwner"),
                new IncidentParticipant("support-oid", "Sam Okafor", "customerSuccess"),
            ],
        },
        ReviewPolicy.DefaultFor(Guid.NewGuid()),
        Now);
}
