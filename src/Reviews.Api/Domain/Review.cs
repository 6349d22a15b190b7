using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>The post-incident review of one resolved incident, opened as a draft with its deadlines.</summary>
public sealed class Review : IOrgOwned, IHasTimeOrderedId
{
    private Review()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid IncidentId { get; private set; }

    public string IncidentReference { get; private set; } = "";

    public string IncidentTitle { get; private set; } = "";

    public Severity Severity { get; private set; }

    public List<string> Services { get; private set; } = [];

    /// <summary>The incident lead, primary owner of the review.</summary>
    public PersonRef Owner { get; private set; } = null!;

    public ReviewStatus Status { get; private set; }

    public ReviewFormat Format { get; private set; }

    public ReviewAudience Audience { get; private set; }

    public DateTimeOffset IncidentResolvedAt { get; private set; }

    public List<ReviewDeadlineEntry> Deadlines { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Opens the draft review of a resolved incident, with the format and deadlines its severity requires.</summary>
    public static Review OpenDraft(IncidentResolved incident, DateTimeOffset now)
    {
        var requirement = ReviewRequirement.For(incident.Severity);
        return new Review
        {
            Id = Guid.CreateVersion7(),
            OrgId = incident.OrgId,
            IncidentId = incident.IncidentId,
            IncidentReference = incident.Reference,
            IncidentTitle = incident.Title,
            Severity = incident.Severity,
            Services = [.. incident.Services],
            Owner = incident.IncidentLead,
            Status = ReviewStatus.Draft,
            Format = requirement.Format,
            Audience = requirement.Audience,
            IncidentResolvedAt = incident.ResolvedAt,
            Deadlines = [.. requirement.Steps.Select(step => new ReviewDeadlineEntry(step.Name, incident.ResolvedAt + step.DueAfterResolution))],
            CreatedAt = now,
        };
    }
}

public sealed record ReviewDeadlineEntry(string Step, DateTimeOffset DueAt);
