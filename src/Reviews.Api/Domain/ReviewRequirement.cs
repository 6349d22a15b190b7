using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>What kind of review a severity calls for, who it is for, and the deadlines of its steps.</summary>
public sealed record ReviewRequirement(ReviewFormat Format, ReviewAudience Audience, IReadOnlyList<ReviewStep> Steps)
{
    public const string TimelineDrafted = "TimelineDrafted";
    public const string MeetingScheduled = "MeetingScheduled";
    public const string MeetingHeld = "MeetingHeld";
    public const string WriteUpPublished = "WriteUpPublished";
    public const string NoteRecorded = "NoteRecorded";
    public const string ActionsFollowedUp = "ActionsFollowedUp";

    /// <summary>The requirement under the default policy.</summary>
    public static ReviewRequirement For(Severity severity) => For(severity, ReviewPolicy.DefaultFor(Guid.Empty));

    /// <summary>
    /// SEV1: formal meeting within 3 days, for leadership and engineering. SEV2: written review within a week,
    /// for the engineering team. SEV3: brief write-up, no meeting, for the team lead. SEV4: a note in the
    /// tracker, on the on-call record. The org's policy sets the deadlines and which severities meet.
    /// </summary>
    public static ReviewRequirement For(Severity severity, ReviewPolicy policy)
    {
        var (format, audience) = severity switch
        {
            Severity.Sev1 => (ReviewFormat.FormalMeeting, ReviewAudience.LeadershipAndEngineering),
            Severity.Sev2 => (ReviewFormat.WrittenReview, ReviewAudience.EngineeringTeam),
            Severity.Sev3 => (ReviewFormat.BriefWriteUp, ReviewAudience.TeamLead),
            Severity.Sev4 => (ReviewFormat.TrackerNote, ReviewAudience.OnCallRecord),
            _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
        };

        var steps = new List<ReviewStep>();
        if (severity != Severity.Sev4)
        {
            steps.Add(new(TimelineDrafted, TimeSpan.FromHours(policy.TimelineDraftHours)));
        }

        if (policy.NeedsMeeting(severity))
        {
            var held = TimeSpan.FromDays(severity == Severity.Sev1 ? policy.Sev1MeetingHeldDays : policy.MeetingHeldDays);
            steps.Add(new(MeetingScheduled, TimeSpan.FromDays(Math.Min(policy.MeetingScheduledDays, held.TotalDays))));
            steps.Add(new(MeetingHeld, held));
        }

        steps.Add(new(severity == Severity.Sev4 ? NoteRecorded : WriteUpPublished, TimeSpan.FromDays(policy.PublishedDays)));
        steps.Add(new(ActionsFollowedUp, TimeSpan.FromDays(policy.FollowUpDays)));
        return new ReviewRequirement(format, audience, steps);
    }
}

/// <summary>A step of the review process, due this long after the incident was resolved.</summary>
public sealed record ReviewStep(string Name, TimeSpan DueAfterResolution);

public enum ReviewFormat
{
    FormalMeeting,
    WrittenReview,
    BriefWriteUp,
    TrackerNote,
}

public enum ReviewAudience
{
    LeadershipAndEngineering,
    EngineeringTeam,
    TeamLead,
    OnCallRecord,
}
