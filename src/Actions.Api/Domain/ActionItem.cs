using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Domain;

/// <summary>A follow-up of a review: a specific change, owned by a specific person, due on a specific date.</summary>
public sealed partial class ActionItem : IOrgOwned, IHasTimeOrderedId
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int TextMaxLength = 2000;
    public const int TeamMaxLength = 100;
    public const int UrlMaxLength = 2048;
    public const int MaxLinks = 20;

    private ActionItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid ReviewId { get; private set; }

    public Guid IncidentId { get; private set; }

    public string IncidentReference { get; private set; } = "";

    /// <summary>The incident's services, copied from the review: what metrics and duplicate checks group by.</summary>
    public List<string> Services { get; private set; } = [];

    public string Title { get; private set; } = "";

    /// <summary>What changes and why.</summary>
    public string? Description { get; private set; }

    public PersonRef Owner { get; private set; } = null!;

    /// <summary>A team that shares the work; never the owner.</summary>
    public string? SecondaryOwnerTeam { get; private set; }

    public DateOnly DueDate { get; private set; }

    public ActionPriority Priority { get; private set; }

    public ActionType Type { get; private set; }

    public ActionNature Nature { get; private set; }

    public string? DefinitionOfDone { get; private set; }

    public string? ExpectedOutcome { get; private set; }

    /// <summary>The review's contributing factors this item addresses.</summary>
    public List<Guid> ContributingFactorIds { get; private set; } = [];

    /// <summary>Items of the same org that must be done first. Never a cycle.</summary>
    public List<Guid> DependsOn { get; private set; } = [];

    /// <summary>The issue in Jira, Linear or GitHub Issues that tracks the work, if any.</summary>
    public string? TrackerUrl { get; private set; }

    public List<ActionEvidence> Evidence { get; private set; } = [];

    public ActionItemStatus Status { get; private set; }

    /// <summary>Why it won't be done, or why it was reopened, for the current status.</summary>
    public string? StatusReason { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public PersonRef? VerifiedBy { get; private set; }

    /// <summary>When it stopped being open work (done or won't-do); cleared by a reopen. Time to close is measured to it.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public List<ActionItemChange> History { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public PersonRef CreatedBy { get; private set; } = null!;

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The due date the owner was reminded of; a new due date earns a new reminder.</summary>
    public DateOnly? DueSoonRaisedFor { get; private set; }

    /// <summary>The due date it was announced overdue for; a new due date can be overdue again.</summary>
    public DateOnly? OverdueRaisedFor { get; private set; }

    public int Version { get; private set; }

    public bool IsOpenWork => Status is ActionItemStatus.Open or ActionItemStatus.InProgress;

    public static ActionItem Create(KnownReview review, ActionItemFields fields, PersonRef createdBy, DateTimeOffset now)
    {
        fields = fields.Normalized();
        var errors = new Dictionary<string, string[]>();
        fields.Validate(errors, DateOnly.FromDateTime(now.UtcDateTime));
        ThrowIfAny(errors);

        var item = new ActionItem
        {
            Id = Guid.CreateVersion7(),
            OrgId = review.OrgId,
            ReviewId = review.ReviewId,
            IncidentId = review.IncidentId,
            IncidentReference = review.IncidentReference,
            Services = [.. review.Services],
            Status = ActionItemStatus.Open,
            CreatedAt = now,
            CreatedBy = createdBy,
            UpdatedAt = now,
        };
        item.Assign(fields);
        item.History.Add(new ActionItemChange(now, createdBy, "created", null, ActionItemStatus.Open, null, []));
        return item;
    }

    /// <summary>Applies the fields that differ; returns their names (none: nothing changed, nothing saved).</summary>
    public IReadOnlyList<string> Edit(ActionItemEdit edit, PersonRef editedBy, DateTimeOffset now)
    {
        var next = edit.ApplyTo(CurrentFields).Normalized();
        var changed = next.DifferencesFrom(CurrentFields);
        if (changed.Count == 0)
        {
            return [];
        }

        var errors = new Dictionary<string, string[]>();
        next.Validate(errors, DateOnly.FromDateTime(now.UtcDateTime), checkDueDate: changed.Contains("dueDate"));
        if (changed.Contains("dependsOn") && next.DependsOn.Contains(Id))
        {
            errors["dependsOn"] = ["An action item cannot depend on itself."];
        }

        ThrowIfAny(errors);
        Assign(next);
        Touch(new ActionItemChange(now, editedBy, "edited", null, null, null, [.. changed]), now);
        return changed;
    }

    public ActionItemFields CurrentFields => new(
        Title, Description, Owner, SecondaryOwnerTeam, DueDate, Priority, Type, Nature, DefinitionOfDone, ExpectedOutcome,
        ContributingFactorIds, DependsOn, TrackerUrl);

    /// <summary>Takes normalized fields as they are.</summary>
    private void Assign(ActionItemFields fields)
    {
        Title = fields.Title;
        Description = fields.Description;
        Owner = fields.Owner;
        SecondaryOwnerTeam = fields.SecondaryOwnerTeam;
        DueDate = fields.DueDate;
        Priority = fields.Priority;
        Type = fields.Type;
        Nature = fields.Nature;
        DefinitionOfDone = fields.DefinitionOfDone;
        ExpectedOutcome = fields.ExpectedOutcome;
        ContributingFactorIds = [.. fields.ContributingFactorIds];
        DependsOn = [.. fields.DependsOn];
        TrackerUrl = fields.TrackerUrl;
    }

    private void Touch(ActionItemChange change, DateTimeOffset now)
    {
        History.Add(change);
        UpdatedAt = now;
        Version++;
    }

    internal static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }
    }
}

/// <summary>Proof that the work is done: a link (merged PR, dashboard, test run) and/or a note, and who added it when.</summary>
public sealed record ActionEvidence(string? Url, string? Note, PersonRef AddedBy, DateTimeOffset AddedAt)
{
    public string Describe() => Url is null ? Note! : Note is null ? Url : $"{Note} ({Url})";
}

/// <summary>One entry of an item's history: created, edited (which fields), a status move (with its reason), evidence added.</summary>
public sealed record ActionItemChange(
    DateTimeOffset At,
    PersonRef By,
    string What,
    ActionItemStatus? From,
    ActionItemStatus? To,
    string? Reason,
    IReadOnlyList<string> Fields);
