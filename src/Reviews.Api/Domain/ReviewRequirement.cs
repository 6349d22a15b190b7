using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>What kind of review a severity calls for, who it is for, and the deadlines of its steps.</summary>
public sealed record ReviewRequirement(ReviewFormat Format, ReviewAudience Audience, IReadOnlyList<ReviewStep> Steps)
{
    /// <summary>
    /// SEV1: formal meeting within 3 days, for leadership and engineering. SEV2: written review within a week,
    /// for the engineering team. SEV3: brief write-up, no meeting, for the team lead. SEV4: a note in the
    /// tracker, on the on-call record. Every review drafts its timeline within 24 h of resolution, publishes
    /// within 2 weeks, and follows up on its actions within 30 days.
    /// </summary>
    public static ReviewRequirement For(Severity severity) => severity switch
    {
        Severity.Sev1 => new(ReviewFormat.FormalMeeting, ReviewAudience.LeadershipAndEngineering,
            [TimelineDrafted, new("MeetingHeld", TimeSpan.FromDays(3)), WriteUpPublished, ActionsFollowedUp]),
        Severity.Sev2 => new(ReviewFormat.WrittenReview, ReviewAudience.EngineeringTeam,
            [TimelineDrafted, new("MeetingScheduled", TimeSpan.FromDays(3)), new("MeetingHeld", TimeSpan.FromDays(7)), WriteUpPublished, ActionsFollowedUp]),
        Severity.Sev3 => new(ReviewFormat.BriefWriteUp, ReviewAudience.TeamLead,
            [TimelineDrafted, WriteUpPublished, ActionsFollowedUp]),
        Severity.Sev4 => new(ReviewFormat.TrackerNote, ReviewAudience.OnCallRecord,
            [new("NoteRecorded", TimeSpan.FromDays(14)), ActionsFollowedUp]),
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    private static readonly ReviewStep TimelineDrafted = new("TimelineDrafted", TimeSpan.FromHours(24));
    private static readonly ReviewStep WriteUpPublished = new("WriteUpPublished", TimeSpan.FromDays(14));
    private static readonly ReviewStep ActionsFollowedUp = new("ActionsFollowedUp", TimeSpan.FromDays(30));
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
