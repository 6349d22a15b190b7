using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Meetings;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>The review meeting: scheduled in the future for 45 minutes to 4 hours, rescheduled, cancelled, held.</summary>
public sealed partial class Review
{
    public ReviewMeeting? Meeting { get; private set; }

    public MeetingAgenda? Agenda => Meeting is { } meeting ? MeetingAgenda.For(Severity, meeting.DurationMinutes) : null;

    public bool ScheduleMeeting(DateTimeOffset startsAt, int durationMinutes, string? location, PersonRef scheduledBy, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (startsAt <= now)
        {
            errors["startsAt"] = ["A meeting is scheduled in the future."];
        }

        if (durationMinutes < ReviewMeeting.MinMinutes || durationMinutes > ReviewMeeting.MaxMinutes)
        {
            errors["durationMinutes"] = [$"A review meeting lasts {ReviewMeeting.MinMinutes} minutes to {ReviewMeeting.MaxMinutes / 60} hours ({ReviewMeeting.MinMinutes}–{ReviewMeeting.RecommendedMaxMinutes} is usual)."];
        }

        var trimmedLocation = TextValues.TrimToNull(location);
        if (trimmedLocation?.Length > ReviewMeeting.LocationMaxLength)
        {
            errors["location"] = [$"At most {ReviewMeeting.LocationMaxLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        if (Meeting?.HeldAt is not null)
        {
            throw new ConflictException($"The review meeting of {IncidentReference} was held already.");
        }

        var start = startsAt.ToUniversalTime();
        if (Meeting is { Cancelled: false } current && current.StartsAt == start && current.DurationMinutes == durationMinutes && current.Location == trimmedLocation)
        {
            return false;
        }

        Meeting = new ReviewMeeting(start, durationMinutes, trimmedLocation, scheduledBy, now, (Meeting?.Sequence + 1) ?? 0);
        CompleteStepOnItsOwn(ReviewRequirement.MeetingScheduled, scheduledBy, now);
        Touch(now);
        return true;
    }

    public void CancelMeeting(DateTimeOffset now)
    {
        var meeting = ScheduledMeeting();
        Meeting = meeting with { Cancelled = true, Sequence = meeting.Sequence + 1 };
        Touch(now);
    }

    /// <summary>Records that the meeting took place; it cannot be recorded before it starts.</summary>
    public void RecordMeetingHeld(PersonRef recordedBy, DateTimeOffset now)
    {
        var meeting = ScheduledMeeting();
        if (meeting.StartsAt > now)
        {
            throw new ConflictException($"The review meeting of {IncidentReference} starts at {meeting.StartsAt:yyyy-MM-dd HH:mm} UTC; it can be recorded as held once it has started.");
        }

        Meeting = meeting with { HeldAt = now };
        CompleteStepOnItsOwn(ReviewRequirement.MeetingHeld, recordedBy, now);
        Touch(now);
    }

    private ReviewMeeting ScheduledMeeting() => Meeting switch
    {
        null or { Cancelled: true } => throw new ConflictException($"The review of {IncidentReference} has no scheduled meeting."),
        { HeldAt: not null } => throw new ConflictException($"The review meeting of {IncidentReference} was held already."),
        var meeting => meeting,
    };
}
