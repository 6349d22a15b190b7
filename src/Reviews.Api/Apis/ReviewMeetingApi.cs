using System.ComponentModel.DataAnnotations;
using System.Text;
using IncidentPlatform.Reviews.Domain.Meetings;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentPlatform.Reviews.Apis;

/// <param name="StartsAt">When the meeting starts (stored in UTC); in the future.</param>
/// <param name="DurationMinutes">45 to 240 minutes; 45–60 is usual.</param>
/// <param name="Location">A room or a video-call link.</param>
public sealed record ScheduleMeetingRequest([Required] DateTimeOffset? StartsAt, int DurationMinutes = 60, string? Location = null);

public sealed record MeetingResponse(ReviewMeeting Meeting, MeetingAgenda Agenda, string InviteHref);

/// <summary>The review meeting: schedule it, read its timed agenda and guiding questions, get the .ics invite, record it held.</summary>
public static class ReviewMeetingApi
{
    public static RouteGroupBuilder MapReviewMeetingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews/{id:guid}/meeting").WithTags("Review meeting");

        api.MapPut("/", Schedule)
            .WithSummary("Schedule or reschedule the meeting (If-Match): UTC start in the future, 45 minutes to 4 hours.")
            .WithRequestExample("An hour-long meeting", new { startsAt = "2024-03-18T15:00:00Z", durationMinutes = 60, location = "https://meet.example.com/inc-2024-042" });
        api.MapGet("/", GetMeeting).WithSummary("The meeting with its agenda, timed to its length and the incident's severity, and guiding questions.");
        api.MapGet("/invite.ics", GetInvite).WithSummary("The meeting as an iCalendar invite (text/calendar).");
        api.MapDelete("/", Cancel).WithSummary("Cancel the meeting (If-Match); the invite then cancels the calendar event.");
        api.MapPost("/held", RecordHeld).WithSummary("Record that the meeting took place (If-Match); completes the MeetingHeld step.");
        return api;
    }

    public static Task<Ok<ReviewResponse>> Schedule(Guid id, ScheduleMeetingRequest request, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id,
            (review, now) => review.ScheduleMeeting(request.StartsAt!.Value, request.DurationMinutes, request.Location, http.User.GetPerson(), now), cancellationToken);

    public static async Task<Ok<MeetingResponse>> GetMeeting(Guid id, ReviewsDbContext db, CancellationToken cancellationToken)
    {
        var review = await ReviewChanges.FindAsync(db, id, cancellationToken);
        var meeting = review.Meeting ?? throw new NotFoundException("meeting of review", id);
        return TypedResults.Ok(new MeetingResponse(meeting, review.Agenda!, $"/api/reviews/{id}/meeting/invite.ics"));
    }

    public static async Task<IResult> GetInvite(Guid id, ReviewsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var review = await ReviewChanges.FindAsync(db, id, cancellationToken);
        var meeting = review.Meeting ?? throw new NotFoundException("meeting of review", id);
        var calendar = MeetingInvite.ToICalendar(review, meeting, review.Agenda!, clock.GetUtcNow());
        return TypedResults.File(Encoding.UTF8.GetBytes(calendar), "text/calendar; charset=utf-8", $"review-{review.IncidentReference}.ics");
    }

    public static Task<Ok<ReviewResponse>> Cancel(Guid id, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) =>
        {
            review.CancelMeeting(now);
            return true;
        }, cancellationToken);

    public static Task<Ok<ReviewResponse>> RecordHeld(Guid id, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) =>
        {
            review.RecordMeetingHeld(http.User.GetPerson(), now);
            return true;
        }, cancellationToken);
}
