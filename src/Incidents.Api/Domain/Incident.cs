using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain.People;
using IncidentPlatform.Incidents.Domain.Record;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>
/// An incident of one organization and the rules of its lifecycle:
/// started → detected → acknowledged → mitigated → resolved → closed. Each step may be back-dated (a responder
/// records when it really happened) but never into the future, and never before the step it follows. Closing
/// happens when its review is published; a resolved or closed incident can be reopened, saying why.
/// The people and the record of what happened (impact, evidence) live in the other parts of this partial class.
/// </summary>
public sealed partial class Incident : IOrgOwned, IHasTimeOrderedId
{
    public const int TitleMaxLength = 200;
    public const int MaxServices = 50;
    public const int ReasonMaxLength = 1000;
    public const int SummaryMaxLength = 10_000;
    public const int MaxTags = 20;
    public const int TagMaxLength = 50;

    /// <summary>Clocks drift; an instant this far ahead of ours is still "now".</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(2);

    private Incident()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    /// <summary>Human id, unique in the org: <c>INC-2024-042</c>.</summary>
    public string Reference { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string? Summary { get; private set; }

    /// <summary>Null until someone classifies it.</summary>
    public IncidentKind? Kind { get; private set; }

    public Severity Severity { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public List<string> Services { get; private set; } = [];

    public PersonRef IncidentLead { get; private set; } = null!;

    public IncidentStatus Status { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? DetectedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset? MitigatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The published review that closed it.</summary>
    public Guid? ClosedByReviewId { get; private set; }

    /// <summary>Every time it was reopened, oldest first.</summary>
    public List<Reopening> Reopenings { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Every reclassification, oldest first: from, to, who, when and why.</summary>
    public List<SeverityChange> SeverityChanges { get; private set; } = [];

    /// <summary>Concurrency token; the ETag is derived from it.</summary>
    public int Version { get; private set; }

    public TimeSpan? Duration => ResolvedAt - StartedAt;

    public static Incident Declare(
        Guid orgId,
        string reference,
        string title,
        Severity severity,
        IEnumerable<string> services,
        PersonRef incidentLead,
        DateTimeOffset startedAt,
        DateTimeOffset? detectedAt,
        DateTimeOffset now,
        string? summary = null,
        IncidentKind? kind = null,
        IEnumerable<string>? tags = null)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedTitle = CheckTitle(title, errors);
        var serviceList = CheckServices(services, errors);
        var trimmedSummary = summary is null ? null : CheckSummary(summary, errors);
        var tagList = CheckTags(tags ?? [], errors);

        if (startedAt > now + AllowedClockSkew)
        {
            errors["startedAt"] = ["An incident cannot start in the future."];
        }

        if (detectedAt is { } detected && detected > now + AllowedClockSkew)
        {
            errors["detectedAt"] = ["Detection cannot be in the future."];
        }
        else if (detectedAt < startedAt)
        {
            errors["detectedAt"] = ["Detection cannot precede the start of the incident."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        return new Incident
        {
            Id = Guid.CreateVersion7(),
            OrgId = orgId,
            Reference = reference,
            Title = trimmedTitle,
            Summary = trimmedSummary,
            Kind = kind,
            Tags = tagList,
            Severity = severity,
            Services = serviceList,
            IncidentLead = incidentLead,
            Status = detectedAt is null ? IncidentStatus.Started : IncidentStatus.Detected,
            StartedAt = startedAt,
            DetectedAt = detectedAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Changes what the incident is called and how it is described; a null argument leaves that part as it is,
    /// an empty summary clears it. Returns the names of the fields that changed (none when nothing did).
    /// </summary>
    public IReadOnlyList<string> Describe(string? title, string? summary, IncidentKind? kind, IEnumerable<string>? tags, IEnumerable<string>? services, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var newTitle = title is null ? Title : CheckTitle(title, errors);
        var newSummary = summary is null ? Summary : CheckSummary(summary, errors);
        var newTags = tags is null ? Tags : CheckTags(tags, errors);
        var newServices = services is null ? Services : CheckServices(services, errors);
        if (kind is { } k && !Enum.IsDefined(k))
        {
            errors["kind"] = ["Unknown kind."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        var newKind = kind ?? Kind;
        var changed = new (string Field, bool Differs)[]
        {
            ("title", newTitle != Title), ("summary", newSummary != Summary), ("kind", newKind != Kind),
            ("tags", !newTags.SequenceEqual(Tags)), ("services", !newServices.SequenceEqual(Services)),
        }.Where(f => f.Differs).Select(f => f.Field).ToList();
        if (changed.Count == 0)
        {
            return changed;
        }

        (Title, Summary, Kind, Tags, Services) = (newTitle, newSummary, newKind, newTags, newServices);
        Touch(now);
        return changed;
    }

    /// <summary>Reclassifies the incident; the change is kept with who made it, when and why.</summary>
    public SeverityChange ChangeSeverity(Severity to, string reason, PersonRef changedBy, DateTimeOffset now)
    {
        var trimmed = CheckReason(reason);
        if (to == Severity)
        {
            throw new IncidentLifecycleException($"{Reference} is already {SeverityNames.Format(to)}.");
        }

        var change = new SeverityChange(Severity, to, trimmed, changedBy, now);
        SeverityChanges.Add(change);
        Severity = to;
        Touch(now);
        return change;
    }

    public void Detect(DateTimeOffset at, DateTimeOffset now) => Advance(IncidentStatus.Detected, at, now);

    public void Acknowledge(DateTimeOffset at, DateTimeOffset now) => Advance(IncidentStatus.Acknowledged, at, now);

    public void Mitigate(DateTimeOffset at, DateTimeOffset now) => Advance(IncidentStatus.Mitigated, at, now);

    public void Resolve(DateTimeOffset at, DateTimeOffset now) => Advance(IncidentStatus.Resolved, at, now);

    /// <summary>
    /// Closes the resolved incident because its review was published. Returns false when there is nothing to do:
    /// already closed (a republished review), or live again since (reopened; it closes with its next review).
    /// </summary>
    public bool Close(Guid reviewId, DateTimeOffset publishedAt, DateTimeOffset now)
    {
        if (Status != IncidentStatus.Resolved)
        {
            return false;
        }

        // The review can only be published after the resolution it reviews; a skewed clock must not reverse them.
        ClosedAt = publishedAt < ResolvedAt ? ResolvedAt : publishedAt;
        ClosedByReviewId = reviewId;
        Status = IncidentStatus.Closed;
        Touch(now);
        return true;
    }

    /// <summary>
    /// Makes a resolved or closed incident live again: it returns to the last step it reached before resolution,
    /// and its resolution (and closure) are kept in <see cref="Reopenings"/>, not lost.
    /// </summary>
    public Reopening Reopen(string reason, PersonRef reopenedBy, DateTimeOffset now)
    {
        if (Status < IncidentStatus.Resolved)
        {
            throw new IncidentLifecycleException($"{Reference} is still {Describe(Status)}; only a resolved or closed incident can be reopened.");
        }

        var trimmed = CheckReason(reason);
        var reopening = new Reopening(trimmed, reopenedBy, now, Status, ResolvedAt!.Value, ClosedAt);
        Reopenings.Add(reopening);
        (ResolvedAt, ClosedAt, ClosedByReviewId) = (null, null, null);
        Status = MitigatedAt is not null ? IncidentStatus.Mitigated
            : AcknowledgedAt is not null ? IncidentStatus.Acknowledged
            : IncidentStatus.Detected;
        Touch(now);
        return reopening;
    }

    private void Advance(IncidentStatus step, DateTimeOffset at, DateTimeOffset now)
    {
        if (Status >= step)
        {
            throw new IncidentLifecycleException(Status == step
                ? $"{Reference} is already {Describe(step)} (at {TimeOf(step):u})."
                : $"{Reference} is already {Describe(Status)}; it cannot be {Describe(step)} now.");
        }

        if (step > IncidentStatus.Detected && DetectedAt is null)
        {
            throw new IncidentLifecycleException(
                $"{Reference} cannot be {Describe(step)} before it has been detected; record its detection first.");
        }

        if (at > now + AllowedClockSkew)
        {
            throw new ValidationException("at", $"The time it was {Describe(step)} cannot be in the future.", 422);
        }

        var (previousStep, previousAt) = LatestStep();
        if (at < previousAt)
        {
            throw new IncidentLifecycleException(
                $"{Reference} cannot be {Describe(step)} at {at:u}, before it was {Describe(previousStep)} at {previousAt:u}.");
        }

        if (Reopenings.Count > 0 && at < Reopenings[^1].ReopenedAt)
        {
            throw new IncidentLifecycleException(
                $"{Reference} cannot be {Describe(step)} at {at:u}, before it was reopened at {Reopenings[^1].ReopenedAt:u}.");
        }

        switch (step)
        {
            case IncidentStatus.Detected: DetectedAt = at; break;
            case IncidentStatus.Acknowledged: AcknowledgedAt = at; break;
            case IncidentStatus.Mitigated: MitigatedAt = at; break;
            case IncidentStatus.Resolved: ResolvedAt = at; break;
            default: throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step an incident advances to.");
        }

        Status = step;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    /// <summary>A reason the review will rely on: required, and of a sane length.</summary>
    private static string CheckReason(string reason, string field = "reason")
    {
        var trimmed = reason.Trim();
        if (trimmed.Length == 0)
        {
            throw new ValidationException(field, "Say why; the review relies on it.", 422);
        }

        if (trimmed.Length > ReasonMaxLength)
        {
            throw new ValidationException(field, $"A reason has at most {ReasonMaxLength} characters.", 422);
        }

        return trimmed;
    }

    private static string CheckTitle(string title, Dictionary<string, string[]> errors)
    {
        var trimmed = title.Trim();
        if (trimmed.Length == 0)
        {
            errors["title"] = ["A title is required."];
        }
        else if (trimmed.Length > TitleMaxLength)
        {
            errors["title"] = [$"A title has at most {TitleMaxLength} characters; this one has {trimmed.Length}."];
        }

        return trimmed;
    }

    private static string? CheckSummary(string summary, Dictionary<string, string[]> errors)
    {
        var trimmed = summary.Trim();
        if (trimmed.Length > SummaryMaxLength)
        {
            errors["summary"] = [$"A summary has at most {SummaryMaxLength:N0} characters; this one has {trimmed.Length:N0}."];
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    private static List<string> CheckServices(IEnumerable<string> services, Dictionary<string, string[]> errors)
    {
        var list = services.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (list.Count > MaxServices)
        {
            errors["services"] = [$"At most {MaxServices} affected services may be listed."];
        }

        return list;
    }

    private static List<string> CheckTags(IEnumerable<string> tags, Dictionary<string, string[]> errors)
    {
        var list = tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > MaxTags)
        {
            errors["tags"] = [$"At most {MaxTags} tags."];
        }
        else if (list.FirstOrDefault(t => t.Length > TagMaxLength) is { } tooLong)
        {
            errors["tags"] = [$"A tag has at most {TagMaxLength} characters; '{tooLong[..20]}…' has {tooLong.Length}."];
        }

        return list;
    }

    private (IncidentStatus Step, DateTimeOffset At) LatestStep() => Status switch
    {
        IncidentStatus.Started => (IncidentStatus.Started, StartedAt),
        _ => (Status, TimeOf(Status)!.Value),
    };

    private DateTimeOffset? TimeOf(IncidentStatus step) => step switch
    {
        IncidentStatus.Started => StartedAt,
        IncidentStatus.Detected => DetectedAt,
        IncidentStatus.Acknowledged => AcknowledgedAt,
        IncidentStatus.Mitigated => MitigatedAt,
        IncidentStatus.Resolved => ResolvedAt,
        IncidentStatus.Closed => ClosedAt,
        _ => null,
    };

    private static string Describe(IncidentStatus step) => step.ToString().ToLowerInvariant();
}
