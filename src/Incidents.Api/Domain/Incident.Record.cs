using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain.Record;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>The record of what happened beyond the timeline: its impact and the evidence that shows it.</summary>
public sealed partial class Incident
{
    public const int MaxEvidenceLinks = 100;

    public IncidentImpact Impact { get; private set; } = IncidentImpact.Unknown;

    public List<EvidenceLink> Evidence { get; private set; } = [];

    /// <summary>Replaces what is known about the impact. Returns false when nothing changed.</summary>
    public bool RecordImpact(IncidentImpact impact, DateTimeOffset now)
    {
        var checkedImpact = impact.Checked();
        if (checkedImpact.SameAs(Impact))
        {
            return false;
        }

        Impact = checkedImpact;
        Touch(now);
        return true;
    }

    public EvidenceLink AddEvidence(EvidenceKind kind, string url, string? title, PersonRef addedBy, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(kind))
        {
            errors["kind"] = ["Unknown kind."];
        }

        var (checkedUrl, checkedTitle) = EvidenceLink.Check(url, title, errors);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        if (Evidence.Any(e => string.Equals(e.Url, checkedUrl, StringComparison.Ordinal)))
        {
            throw new ConflictException($"{Reference} already links to {checkedUrl}.");
        }

        if (Evidence.Count >= MaxEvidenceLinks)
        {
            throw new ValidationException("url", $"An incident has at most {MaxEvidenceLinks} evidence links.", 422);
        }

        var link = new EvidenceLink(Guid.CreateVersion7(now), kind, checkedUrl, checkedTitle, addedBy, now);
        Evidence.Add(link);
        Touch(now);
        return link;
    }

    public void RemoveEvidence(Guid evidenceId, DateTimeOffset now)
    {
        if (Evidence.RemoveAll(e => e.Id == evidenceId) == 0)
        {
            throw new NotFoundException("evidence link", evidenceId);
        }

        Touch(now);
    }
}
