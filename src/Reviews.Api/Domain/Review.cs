using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Language;
using IncidentPlatform.Reviews.Domain.Publishing;
using IncidentPlatform.Reviews.Domain.Timeline;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>
/// The post-incident review of one resolved incident: opened as a draft with its deadlines, written (the analysis,
/// checked for blame on every text), and published as immutable report versions once it passes its readiness checks.
/// </summary>
public sealed partial class Review : IOrgOwned, IHasTimeOrderedId
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

    /// <summary>The incident's tags, kept current from Incidents; a filter of the knowledge base.</summary>
    public List<string> Tags { get; private set; } = [];

    /// <summary>The incident lead, primary owner of the review.</summary>
    public PersonRef Owner { get; private set; } = null!;

    public ReviewStatus Status { get; private set; }

    public ReviewFormat Format { get; private set; }

    public ReviewAudience Audience { get; private set; }

    public DateTimeOffset IncidentStartedAt { get; private set; }

    public DateTimeOffset IncidentResolvedAt { get; private set; }

    /// <summary>The incident's impact figures as Incidents last told; null when none were ever recorded.</summary>
    public IncidentImpactFigures? Impact { get; private set; }

    /// <summary>The steps of the review process, each with its deadline and when it was done.</summary>
    public List<ReviewStepDeadline> Deadlines { get; private set; } = [];

    /// <summary>Who took part in the incident besides its lead, as Incidents last told (a facilitator must be none of them).</summary>
    public List<IncidentParticipant> IncidentParticipants { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public ReviewAnalysis Analysis { get; private set; } = ReviewAnalysis.Empty;

    /// <summary>Sentences kept although they read as blame, each with a reason.</summary>
    public List<AcceptedFinding> AcceptedFindings { get; private set; } = [];

    /// <summary>The action items Actions created for this review (from <c>ActionItemCreated</c>), as created.</summary>
    public List<ReviewActionItem> ActionItems { get; private set; } = [];

    /// <summary>The latest published report version; 0 before the first publication.</summary>
    public int PublishedVersion { get; private set; }

    /// <summary>Concurrency token; the ETag is derived from it.</summary>
    public int Version { get; private set; }

    /// <summary>Replaces the analysis. A published review goes back to revising; its published reports stay as they are.</summary>
    /// <param name="timelineEntries">The entries of this review's incident's timeline that factors may link to.</param>
    public bool WriteAnalysis(ReviewAnalysis analysis, IReadOnlySet<Guid> timelineEntries, DateTimeOffset now)
    {
        var checkedAnalysis = analysis.Checked(timelineEntries);
        if (JsonConventions.SameJson(checkedAnalysis, Analysis))
        {
            return false;
        }

        Analysis = checkedAnalysis;
        if (Status == ReviewStatus.Published)
        {
            Status = ReviewStatus.Revising;
        }

        Touch(now);
        return true;
    }

    /// <summary>Every sentence of the analysis that reads as blame and has not been accepted.</summary>
    public IReadOnlyList<BlameFinding> OpenBlameFindings() =>
    [
        .. Analysis.Texts()
            .SelectMany(t => BlamelessLanguage.Check(t.Field, t.Text))
            .Where(f => !AcceptedFindings.Any(a => a.Field == f.Field && a.Sentence == f.Sentence)),
    ];

    /// <summary>Keeps a sentence the check flags, saying why (e.g. a quote from the chat, kept verbatim on purpose).</summary>
    public AcceptedFinding AcceptFinding(string field, string sentence, string reason, PersonRef acceptedBy, DateTimeOffset now)
    {
        var trimmedReason = reason.Trim();
        if (trimmedReason.Length is 0 or > 1000)
        {
            throw new ValidationException("reason", "Say why the sentence stays (at most 1,000 characters).", 422);
        }

        if (!OpenBlameFindings().Any(f => f.Field == field && f.Sentence == sentence))
        {
            throw new NotFoundException("open blame finding", $"{field}: {sentence}");
        }

        var accepted = new AcceptedFinding(field, sentence, trimmedReason, acceptedBy, now);
        AcceptedFindings.Add(accepted);
        Touch(now);
        return accepted;
    }

    public void RecordActionItem(ReviewActionItem item, DateTimeOffset now)
    {
        if (ActionItems.All(a => a.Id != item.Id))
        {
            ActionItems.Add(item);
            Touch(now);
        }
    }

    /// <summary>Keeps an item's status as Actions reports it; false when the item is not (yet) known here.</summary>
    public bool RecordActionItemStatus(Guid itemId, string status, DateTimeOffset now)
    {
        var index = ActionItems.FindIndex(a => a.Id == itemId);
        if (index < 0)
        {
            return false;
        }

        if (ActionItems[index].Status != status)
        {
            ActionItems[index] = ActionItems[index] with { Status = status };
            Touch(now);
        }

        return true;
    }

    /// <summary>
    /// Publishes the next report version if the readiness checks pass (422 listing what is missing otherwise).
    /// A republication needs a change note saying what changed.
    /// </summary>
    public ReviewReport Publish(string? changeNote, IReadOnlyList<TimelineEntryCopy> timeline, PersonRef publishedBy, DateTimeOffset now)
    {
        var readiness = ReviewReadiness.Of(this);
        if (!readiness.IsReady)
        {
            throw new ValidationException(
                readiness.Checks.Where(c => !c.Passed).ToDictionary(c => c.Key, c => new[] { c.Missing! }), 422);
        }

        var note = TextValues.TrimToNull(changeNote);
        if (Status == ReviewStatus.Published)
        {
            throw new ConflictException($"The review of {IncidentReference} is published as version {PublishedVersion} and unchanged since; edit it before republishing.");
        }

        if (PublishedVersion > 0 && note is null)
        {
            throw new ValidationException("changeNote", "Say what changed since the last published version.", 422);
        }

        if (note?.Length > 1000)
        {
            throw new ValidationException("changeNote", "A change note has at most 1,000 characters.", 422);
        }

        PublishedVersion++;
        Status = ReviewStatus.Published;
        CompleteStepOnItsOwn(Severity == Severity.Sev4 ? ReviewRequirement.NoteRecorded : ReviewRequirement.WriteUpPublished, publishedBy, now);
        Touch(now);
        return ReviewReport.Publish(this, timeline, PublishedVersion, note, publishedBy, now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Opens the draft review of a resolved incident, with the format and deadlines its severity requires.</summary>
    public static Review OpenDraft(IncidentResolved incident, ReviewPolicy policy, DateTimeOffset now)
    {
        var requirement = ReviewRequirement.For(incident.Severity, policy);
        return new Review
        {
            Id = Guid.CreateVersion7(),
            OrgId = incident.OrgId,
            IncidentId = incident.IncidentId,
            IncidentReference = incident.Reference,
            IncidentTitle = incident.Title,
            Severity = incident.Severity,
            Services = [.. incident.Services],
            Tags = [.. incident.Tags],
            Owner = incident.IncidentLead,
            Status = ReviewStatus.Draft,
            Format = requirement.Format,
            Audience = requirement.Audience,
            IncidentStartedAt = incident.StartedAt,
            IncidentResolvedAt = incident.ResolvedAt,
            Impact = incident.Impact,
            Deadlines = [.. requirement.Steps.Select(step => new ReviewStepDeadline(incident.OrgId, step.Name, incident.ResolvedAt + step.DueAfterResolution))],
            IncidentParticipants = [.. incident.Participants],
            IncidentKnownAt = incident.OccurredAt,
            Roles = ReviewRoles.SeatedFrom(incident.Participants),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}

/// <summary>
/// An action item of the review, with its owner, due date and priority when Actions created it, and its status as
/// Actions last reported it (<c>open</c>, <c>inProgress</c>, <c>done</c>, <c>verified</c>, <c>wontDo</c>).
/// </summary>
public sealed record ReviewActionItem(Guid Id, string Title, PersonRef Owner, DateOnly DueDate, string Priority, string Status = "open")
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDeclined => Status == "wontDo";
}
