using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Quality;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Actions.Apis;

/// <param name="ReviewId">The review this action follows up.</param>
/// <param name="Title">The specific change, e.g. "Block canary promotion when error rate > 0.5%".</param>
/// <param name="Owner">A specific person of the org, not a team.</param>
/// <param name="SecondaryOwnerTeam">A team that shares the work (never the owner).</param>
/// <param name="DueDate">The day it is due (YYYY-MM-DD), not in the past.</param>
/// <param name="Priority">P1, P2 or P3; must, should and nice are accepted.</param>
/// <param name="Nature">corrective or preventive; by default preventive for a prevent item, else corrective.</param>
/// <param name="ContributingFactorIds">The review's contributing factors this item addresses.</param>
/// <param name="DependsOn">Items of the org that must be done first; a cycle is refused.</param>
/// <param name="TrackerUrl">The issue in Jira, Linear or GitHub Issues, if it is tracked there.</param>
public sealed record CreateActionItemRequest(
    [Required] Guid? ReviewId,
    [Required] string? Title,
    [Required] OwnerRequest? Owner,
    [Required] DateOnly? DueDate,
    [Required] ActionPriority? Priority,
    [Required] ActionType? Type,
    string? Description = null,
    [StringLength(ActionItem.TeamMaxLength)] string? SecondaryOwnerTeam = null,
    ActionNature? Nature = null,
    string? DefinitionOfDone = null,
    string? ExpectedOutcome = null,
    List<Guid>? ContributingFactorIds = null,
    List<Guid>? DependsOn = null,
    string? TrackerUrl = null)
{
    public ActionItemFields ToFields() => new(
        Title!, Description, Owner!.ToPerson(), SecondaryOwnerTeam, DueDate!.Value, Priority!.Value, Type!.Value,
        Nature ?? (Type == ActionType.Prevent ? ActionNature.Preventive : ActionNature.Corrective),
        DefinitionOfDone, ExpectedOutcome, ContributingFactorIds ?? [], DependsOn ?? [], TrackerUrl);
}

/// <summary>Only the fields to change (If-Match: the item's ETag). An empty string clears an optional text.</summary>
public sealed record UpdateActionItemRequest(
    string? Title = null,
    string? Description = null,
    OwnerRequest? Owner = null,
    [StringLength(ActionItem.TeamMaxLength)] string? SecondaryOwnerTeam = null,
    DateOnly? DueDate = null,
    ActionPriority? Priority = null,
    ActionType? Type = null,
    ActionNature? Nature = null,
    string? DefinitionOfDone = null,
    string? ExpectedOutcome = null,
    List<Guid>? ContributingFactorIds = null,
    List<Guid>? DependsOn = null,
    string? TrackerUrl = null)
{
    public ActionItemEdit ToEdit() => new(
        Title, Description, Owner?.ToPerson(), SecondaryOwnerTeam, DueDate, Priority, Type, Nature, DefinitionOfDone, ExpectedOutcome,
        ContributingFactorIds, DependsOn, TrackerUrl);
}

public sealed record OwnerRequest([Required, StringLength(64)] string? UserId, [Required, StringLength(200)] string? DisplayName)
{
    public PersonRef ToPerson() => new(UserId!, DisplayName!);
}

/// <summary>A link to the proof (merged PR, dashboard, test run, drill report) and/or a note saying what shows it.</summary>
public sealed record EvidenceRequest(string? Url = null, string? Note = null);

/// <param name="Evidence">Proof of completion; may be omitted when evidence was added before.</param>
public sealed record CompleteActionItemRequest(List<EvidenceRequest>? Evidence = null);

public sealed record AddEvidenceRequest([Required] List<EvidenceRequest>? Evidence);

public sealed record ReasonRequest([Required] string? Reason);

public sealed record VerifyActionItemRequest(string? Note = null);

/// <summary>A draft to check before saving it: every field optional.</summary>
public sealed record QualityCheckRequest(
    string? Title = null,
    string? DefinitionOfDone = null,
    OwnerDraft? Owner = null,
    DateOnly? DueDate = null,
    ActionPriority? Priority = null,
    Guid? ReviewId = null);

public sealed record OwnerDraft(string? UserId = null, string? DisplayName = null);

public sealed record QualityCheckResponse(bool Passes, IReadOnlyList<QualityFinding> Findings);

/// <summary>Quality of a review's action items as a whole and one by one; the score is the share of items without findings.</summary>
public sealed record ReviewActionQualityResponse(
    Guid ReviewId,
    string IncidentReference,
    Severity Severity,
    int Items,
    int KeyActions,
    int ItemsPassing,
    int Score,
    IReadOnlyList<QualityFinding> ReviewFindings,
    IReadOnlyList<ItemQuality> ItemFindings);

public sealed record ItemQuality(Guid Id, string Title, ActionPriority Priority, ActionItemStatus Status, IReadOnlyList<QualityFinding> Findings);

public sealed record ActionPolicyRequest(
    [Required, Range(1, 52)] int? P1Weeks,
    [Required, Range(1, 52)] int? P2Weeks,
    [Required, Range(1, 52)] int? P3Weeks,
    [Required, Range(1, 30)] int? ReminderDays,
    OwnerRequest? EscalationContact = null)
{
    public ActionPolicySettings ToSettings() => new(P1Weeks!.Value, P2Weeks!.Value, P3Weeks!.Value, ReminderDays!.Value, EscalationContact?.ToPerson());
}

public sealed record ActionPolicyResponse(ActionPolicySettings Settings, bool IsDefault, DateTimeOffset? UpdatedAt, PersonRef? UpdatedBy);

/// <param name="Overdue">Unfinished and past its due date (UTC).</param>
/// <param name="Quality">Findings of the quality check, on single-item answers (lists leave it null).</param>
public sealed record ActionItemResponse(
    Guid Id,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    IReadOnlyList<string> Services,
    string Title,
    string? Description,
    PersonRef Owner,
    string? SecondaryOwnerTeam,
    DateOnly DueDate,
    ActionPriority Priority,
    ActionType Type,
    ActionNature Nature,
    string? DefinitionOfDone,
    string? ExpectedOutcome,
    IReadOnlyList<Guid> ContributingFactorIds,
    IReadOnlyList<Guid> DependsOn,
    string? TrackerUrl,
    IReadOnlyList<ActionEvidence> Evidence,
    ActionItemStatus Status,
    string? StatusReason,
    bool Overdue,
    DateTimeOffset? DoneAt,
    DateTimeOffset? VerifiedAt,
    PersonRef? VerifiedBy,
    DateTimeOffset CreatedAt,
    PersonRef CreatedBy,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<QualityFinding>? Quality)
{
    public static ActionItemResponse From(ActionItem item, DateOnly today, IReadOnlyList<QualityFinding>? quality = null) => new(
        item.Id, item.ReviewId, item.IncidentId, item.IncidentReference, item.Services, item.Title, item.Description, item.Owner,
        item.SecondaryOwnerTeam, item.DueDate, item.Priority, item.Type, item.Nature, item.DefinitionOfDone, item.ExpectedOutcome,
        item.ContributingFactorIds, item.DependsOn, item.TrackerUrl, item.Evidence, item.Status, item.StatusReason,
        item.IsOpenWork && item.DueDate < today, item.DoneAt, item.VerifiedAt, item.VerifiedBy, item.CreatedAt, item.CreatedBy,
        item.UpdatedAt, quality);
}
