namespace IncidentPlatform.Incidents.Domain.Timeline;

/// <summary>What a timeline entry records (camelCase in JSON: <c>signal</c>, <c>configChange</c>, …).</summary>
public enum TimelineEntryKind
{
    Signal,
    Detection,
    Escalation,
    Decision,
    Mitigation,
    Rollback,
    Deploy,
    ConfigChange,
    Communication,
    Impact,
    Other,
}

/// <summary>
/// Whether responders knew this while it happened, or it was learned afterwards (in the review). Keeping the
/// two apart is what lets a review judge decisions by what was knowable then, not by hindsight.
/// </summary>
public enum TimelineKnowledge
{
    KnownAtTheTime,
    LearnedLater,
}
