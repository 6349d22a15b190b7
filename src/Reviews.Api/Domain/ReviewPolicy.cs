using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>
/// An org's review process: how long after resolution each step is due, and which severities need a review meeting.
/// Tunable within bounds that keep the process sane (a SEV1 always gets a meeting; steps stay in process order).
/// Applies to reviews opened after it changes; an open review keeps the deadlines it was given.
/// </summary>
public sealed class ReviewPolicy : IOrgOwned
{
    private ReviewPolicy()
    {
    }

    public Guid OrgId { get; private set; }

    public int TimelineDraftHours { get; private set; }

    public int MeetingScheduledDays { get; private set; }

    public int MeetingHeldDays { get; private set; }

    /// <summary>A SEV1's formal meeting is due sooner than the others'.</summary>
    public int Sev1MeetingHeldDays { get; private set; }

    public int PublishedDays { get; private set; }

    public int FollowUpDays { get; private set; }

    public List<Severity> MeetingSeverities { get; private set; } = [];

    public DateTimeOffset? UpdatedAt { get; private set; }

    public PersonRef? UpdatedBy { get; private set; }

    /// <summary>Concurrency token; the ETag is derived from it.</summary>
    public int Version { get; private set; }

    public bool NeedsMeeting(Severity severity) => MeetingSeverities.Contains(severity);

    /// <summary>The process of DOMAIN.md: timeline draft 24 h, meeting scheduled 3 d and held 1 w (SEV1: 3 d), published 2 w, follow-up 30 d.</summary>
    public static ReviewPolicy DefaultFor(Guid orgId) => new()
    {
        OrgId = orgId,
        TimelineDraftHours = 24,
        MeetingScheduledDays = 3,
        MeetingHeldDays = 7,
        Sev1MeetingHeldDays = 3,
        PublishedDays = 14,
        FollowUpDays = 30,
        MeetingSeverities = [Severity.Sev1, Severity.Sev2],
    };

    /// <summary>Replaces the settings after checking every bound; 422 names each field out of bounds.</summary>
    public bool Change(ReviewPolicySettings settings, PersonRef changedBy, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Bound(string field, int value, int min, int max, string why)
        {
            if (value < min || value > max)
            {
                errors[field] = [$"Must be between {min} and {max}{why}."];
            }
        }

        Bound("timelineDraftHours", settings.TimelineDraftHours, 4, 168, " hours (the timeline is drafted while memories are fresh)");
        Bound("meetingScheduledDays", settings.MeetingScheduledDays, 1, 14, " days");
        Bound("meetingHeldDays", settings.MeetingHeldDays, settings.MeetingScheduledDays, 30, " days, and not before the meeting is due to be scheduled");
        Bound("sev1MeetingHeldDays", settings.Sev1MeetingHeldDays, 1, Math.Min(7, settings.MeetingHeldDays), " days, and not after other meetings");
        Bound("publishedDays", settings.PublishedDays, Math.Max(3, settings.MeetingHeldDays), 60, " days, and not before the meeting is held");
        Bound("followUpDays", settings.FollowUpDays, Math.Max(7, settings.PublishedDays), 180, " days, and not before the review is published");
        if (!settings.MeetingSeverities.Contains(Severity.Sev1))
        {
            errors["meetingSeverities"] = ["A SEV1 always gets a review meeting; keep sev1 in the list."];
        }
        else if (settings.MeetingSeverities.Any(s => !Enum.IsDefined(s)))
        {
            errors["meetingSeverities"] = ["Use sev1 to sev4."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        var meetingSeverities = settings.MeetingSeverities.Distinct().Order().ToList();
        var days = (settings.TimelineDraftHours, settings.MeetingScheduledDays, settings.MeetingHeldDays, settings.Sev1MeetingHeldDays, settings.PublishedDays, settings.FollowUpDays);
        if (days == (TimelineDraftHours, MeetingScheduledDays, MeetingHeldDays, Sev1MeetingHeldDays, PublishedDays, FollowUpDays)
            && MeetingSeverities.SequenceEqual(meetingSeverities))
        {
            return false;
        }

        (TimelineDraftHours, MeetingScheduledDays, MeetingHeldDays, Sev1MeetingHeldDays, PublishedDays, FollowUpDays) = days;
        MeetingSeverities = meetingSeverities;
        UpdatedAt = now;
        UpdatedBy = changedBy;
        Version++;
        return true;
    }

    public ReviewPolicySettings Settings =>
        new(TimelineDraftHours, MeetingScheduledDays, MeetingHeldDays, Sev1MeetingHeldDays, PublishedDays, FollowUpDays, MeetingSeverities);
}

/// <summary>The tunable part of a <see cref="ReviewPolicy"/>.</summary>
public sealed record ReviewPolicySettings(
    int TimelineDraftHours,
    int MeetingScheduledDays,
    int MeetingHeldDays,
    int Sev1MeetingHeldDays,
    int PublishedDays,
    int FollowUpDays,
    IReadOnlyList<Severity> MeetingSeverities);
