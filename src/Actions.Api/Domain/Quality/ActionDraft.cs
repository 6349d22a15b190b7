namespace IncidentPlatform.Actions.Domain.Quality;

/// <summary>What the quality check reads of an action item, saved or still being written: anything may be missing.</summary>
public sealed record ActionDraft(
    string? Title,
    string? DefinitionOfDone,
    string? OwnerUserId,
    string? OwnerName,
    DateOnly? DueDate,
    ActionPriority Priority)
{
    public static ActionDraft Of(ActionItem item) =>
        new(item.Title, item.DefinitionOfDone, item.Owner.UserId, item.Owner.DisplayName, item.DueDate, item.Priority);
}

/// <summary>An open item of an earlier incident that a new item might repeat.</summary>
public sealed record OpenItemCandidate(Guid Id, Guid IncidentId, string IncidentReference, string Title, IReadOnlyList<string> Services);
