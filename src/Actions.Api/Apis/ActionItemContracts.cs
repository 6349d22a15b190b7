using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Actions.Apis;

/// <param name="ReviewId">The review this action follows up.</param>
/// <param name="Title">The specific change, e.g. "Block canary promotion when error rate > 0.5%".</param>
/// <param name="Owner">A specific person, not a team.</param>
/// <param name="DueDate">The day it is due (YYYY-MM-DD).</param>
public sealed record CreateActionItemRequest(
    [Required] Guid? ReviewId,
    [Required] string? Title,
    [Required] OwnerRequest? Owner,
    [Required] DateOnly? DueDate,
    [Required] ActionPriority? Priority,
    [Required] ActionType? Type,
    string? Description = null);

public sealed record OwnerRequest([Required, StringLength(64)] string? UserId, [Required, StringLength(200)] string? DisplayName);

public sealed record ActionItemResponse(
    Guid Id,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    string? Description,
    PersonRef Owner,
    DateOnly DueDate,
    ActionPriority Priority,
    ActionType Type,
    ActionItemStatus Status,
    DateTimeOffset CreatedAt)
{
    public static ActionItemResponse From(ActionItem item) => new(
        item.Id, item.ReviewId, item.IncidentId, item.IncidentReference, item.Title, item.Description, item.Owner,
        item.DueDate, item.Priority, item.Type, item.Status, item.CreatedAt);
}
