using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Domain;

/// <summary>A follow-up of a review: a specific change, owned by a specific person, due on a specific date.</summary>
public sealed class ActionItem : IOrgOwned, IHasTimeOrderedId
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;

    private ActionItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid ReviewId { get; private set; }

    public Guid IncidentId { get; private set; }

    public string IncidentReference { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public PersonRef Owner { get; private set; } = null!;

    public DateOnly DueDate { get; private set; }

    public ActionPriority Priority { get; private set; }

    public ActionType Type { get; private set; }

    public ActionItemStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Version { get; private set; }

    public static ActionItem Create(
        KnownReview review,
        string title,
        string? description,
        PersonRef owner,
        DateOnly dueDate,
        ActionPriority priority,
        ActionType type,
        DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedTitle = title.Trim();
        if (trimmedTitle.Length == 0)
        {
            errors["title"] = ["A title is required."];
        }
        else if (trimmedTitle.Length > TitleMaxLength)
        {
            errors["title"] = [$"A title has at most {TitleMaxLength} characters; this one has {trimmedTitle.Length}."];
        }

        if (description?.Length > DescriptionMaxLength)
        {
            errors["description"] = [$"A description has at most {DescriptionMaxLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(owner.UserId))
        {
            errors["owner.userId"] = ["An action item needs a specific person as owner."];
        }

        if (dueDate < DateOnly.FromDateTime(now.UtcDateTime))
        {
            errors["dueDate"] = ["The due date has already passed."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        return new ActionItem
        {
            Id = Guid.CreateVersion7(),
            OrgId = review.OrgId,
            ReviewId = review.ReviewId,
            IncidentId = review.IncidentId,
            IncidentReference = review.IncidentReference,
            Title = trimmedTitle,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            Owner = owner,
            DueDate = dueDate,
            Priority = priority,
            Type = type,
            Status = ActionItemStatus.Open,
            CreatedAt = now,
        };
    }
}
