using IncidentPlatform.Actions.Domain;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace IncidentPlatform.Actions.Apis;

/// <summary>
/// The list's filters as query parameters; status, priority and service may be repeated
/// (<c>?status=open&amp;status=inProgress</c>). A bad value is a 400 naming the parameter.
/// </summary>
public sealed record ActionItemFilters(
    [FromQuery(Name = "reviewId")] Guid? ReviewId,
    [FromQuery(Name = "incidentId")] Guid? IncidentId,
    [FromQuery(Name = "status")] string[]? Status,
    [FromQuery(Name = "priority")] string[]? Priority,
    [FromQuery(Name = "ownerUserId")] string? OwnerUserId,
    [FromQuery(Name = "service")] string[]? Service,
    [FromQuery(Name = "overdue")] bool? Overdue)
{
    public IQueryable<ActionItem> Apply(IQueryable<ActionItem> items, DateOnly today)
    {
        if (ReviewId is { } reviewId)
        {
            items = items.Where(a => a.ReviewId == reviewId);
        }

        if (IncidentId is { } incidentId)
        {
            items = items.Where(a => a.IncidentId == incidentId);
        }

        if ((Status ?? []).Select(QueryValues.ParseEnum<ActionItemStatus>("status")).ToArray() is { Length: > 0 } statuses)
        {
            items = items.Where(a => statuses.Contains(a.Status));
        }

        if ((Priority ?? []).Select(ParsePriority).ToArray() is { Length: > 0 } priorities)
        {
            items = items.Where(a => priorities.Contains(a.Priority));
        }

        if (!string.IsNullOrWhiteSpace(OwnerUserId))
        {
            items = items.Where(a => a.Owner.UserId == OwnerUserId);
        }

        if ((Service ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray() is { Length: > 0 } services)
        {
            items = items.Where(a => a.Services.Any(s => services.Contains(s)));
        }

        if (Overdue is { } overdue)
        {
            items = overdue
                ? items.Where(a => (a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress) && a.DueDate < today)
                : items.Where(a => !((a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress) && a.DueDate < today));
        }

        return items;
    }

    private static ActionPriority ParsePriority(string value) =>
        ActionPriorities.TryParse(value, out var priority)
            ? priority
            : throw new ValidationException("priority", $"'{value}' is not a priority; use {ActionPriorities.Expected}.");
}
