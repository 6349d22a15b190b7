namespace IncidentPlatform.Reviews.Domain.Knowledge;

/// <summary>How a repeat link came about: suggested on opening the review, confirmed by a person, or dismissed.</summary>
public enum RepeatLinkStatus
{
    Suggested,
    Confirmed,
    Dismissed,
}

/// <summary>
/// This incident looks like (suggested) or is (confirmed) a repeat of an earlier one whose review was published.
/// Suggested and confirmed links count towards the org's repeat-incident rate; a dismissed one is kept for the record.
/// </summary>
public sealed record RepeatLink(
    Guid ReviewId, string IncidentReference, string Title, double Score, RepeatLinkStatus Status, string? DecidedBy, DateTimeOffset At)
{
    /// <summary>A match this close (shared services and title wording, at the least) is worth suggesting.</summary>
    public const double SuggestionThreshold = 0.55;

    public bool CountsAsRepeat => Status is not RepeatLinkStatus.Dismissed;
}
