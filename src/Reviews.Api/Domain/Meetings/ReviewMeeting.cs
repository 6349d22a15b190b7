using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain.Meetings;

/// <summary>
/// The review meeting: when (UTC) and how long, where, who scheduled it, and whether it was held. Rescheduling
/// raises <see cref="Sequence"/>, so calendar clients update the invite they have instead of adding a second one.
/// </summary>
public sealed record ReviewMeeting(
    DateTimeOffset StartsAt,
    int DurationMinutes,
    string? Location,
    PersonRef ScheduledBy,
    DateTimeOffset ScheduledAt,
    int Sequence,
    DateTimeOffset? HeldAt = null,
    bool Cancelled = false)
{
    public const int MinMinutes = 45;
    public const int RecommendedMaxMinutes = 60;
    public const int MaxMinutes = 240;
    public const int LocationMaxLength = 500;

    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);
}
