using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Domain;

/// <summary>
/// A review this service has heard of through <c>ReviewCreated</c> and <c>ReviewPublished</c>. Action items attach only
/// to known reviews of the caller's org; the service never asks Reviews synchronously.
/// </summary>
public sealed class KnownReview : IOrgOwned
{
    public Guid ReviewId { get; init; }

    public Guid OrgId { get; init; }

    public Guid IncidentId { get; init; }

    public required string IncidentReference { get; init; }

    public Severity Severity { get; init; }

    /// <summary>When the review opened (its incident was resolved): what the repeat-incident effect of actions counts by.</summary>
    public DateTimeOffset OpenedAt { get; init; }

    public List<string> Services { get; set; } = [];

    /// <summary>The review's owner (the incident lead): who the 2-week check and the 30-day follow-up go to.</summary>
    public PersonRef Owner { get; init; } = null!;

    public DateTimeOffset? PublishedAt { get; private set; }

    public PersonRef? EngineeringManager { get; private set; }

    /// <summary>Set by the follow-up watcher, in the transaction that raises the checkpoint.</summary>
    public DateTimeOffset? TwoWeekCheckRaisedAt { get; private set; }

    public DateTimeOffset? ThirtyDayFollowUpRaisedAt { get; private set; }

    /// <summary>
    /// The first publication starts the follow-up clock; a revision only refreshes who to escalate to. A revision that
    /// names the same people and services changes nothing (the manager is an owned row: a new instance would be saved).
    /// </summary>
    public void Published(ReviewPublished published)
    {
        PublishedAt ??= published.PublishedAt;
        if (NamesAnotherManager(published))
        {
            EngineeringManager = published.EngineeringManager is { } manager ? manager with { } : null;
        }

        if (NamesOtherServices(published))
        {
            Services = [.. published.Services];
        }
    }

    /// <summary>Whether <see cref="Published"/> would change anything: a first publication, or another manager or services.</summary>
    public bool IsChangedBy(ReviewPublished published) =>
        PublishedAt is null || NamesAnotherManager(published) || NamesOtherServices(published);

    private bool NamesAnotherManager(ReviewPublished published) => EngineeringManager != published.EngineeringManager;

    // A revision without services keeps the ones known.
    private bool NamesOtherServices(ReviewPublished published) => published.Services.Count > 0 && !Services.SequenceEqual(published.Services);
}
