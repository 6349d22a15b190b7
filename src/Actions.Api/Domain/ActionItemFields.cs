using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Actions.Domain;

/// <summary>Everything about an action item its people write (as opposed to its workflow).</summary>
public sealed record ActionItemFields(
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
    string? TrackerUrl)
{
    /// <summary>As stored: texts trimmed (an empty optional text is none), links without repeats.</summary>
    public ActionItemFields Normalized() => this with
    {
        Title = Title.Trim(),
        Description = TextValues.TrimToNull(Description),
        Owner = new PersonRef(Owner.UserId.Trim(), Owner.DisplayName.Trim()),
        SecondaryOwnerTeam = TextValues.TrimToNull(SecondaryOwnerTeam),
        DefinitionOfDone = TextValues.TrimToNull(DefinitionOfDone),
        ExpectedOutcome = TextValues.TrimToNull(ExpectedOutcome),
        ContributingFactorIds = [.. ContributingFactorIds.Distinct()],
        DependsOn = [.. DependsOn.Distinct()],
        TrackerUrl = TextValues.TrimToNull(TrackerUrl),
    };

    /// <summary>Adds an error per field that breaks a rule; the due date is checked only when it is being set.</summary>
    public void Validate(Dictionary<string, string[]> errors, DateOnly today, bool checkDueDate = true)
    {
        var title = Title.Trim();
        if (title.Length == 0)
        {
            errors["title"] = ["A title is required."];
        }
        else if (title.Length > ActionItem.TitleMaxLength)
        {
            errors["title"] = [$"A title has at most {ActionItem.TitleMaxLength} characters; this one has {title.Length}."];
        }

        MaxLength(errors, "description", Description, ActionItem.DescriptionMaxLength);
        MaxLength(errors, "definitionOfDone", DefinitionOfDone, ActionItem.TextMaxLength);
        MaxLength(errors, "expectedOutcome", ExpectedOutcome, ActionItem.TextMaxLength);
        MaxLength(errors, "secondaryOwnerTeam", SecondaryOwnerTeam, ActionItem.TeamMaxLength);
        if (string.IsNullOrWhiteSpace(Owner.UserId))
        {
            errors["owner.userId"] = ["An action item needs a specific person as owner (a team can be the secondary owner)."];
        }

        if (string.IsNullOrWhiteSpace(Owner.DisplayName))
        {
            errors["owner.displayName"] = ["Name the owner as people know them."];
        }

        if (checkDueDate && DueDate < today)
        {
            errors["dueDate"] = [$"The due date {DueDate:yyyy-MM-dd} has already passed."];
        }

        if (ContributingFactorIds.Count > ActionItem.MaxLinks)
        {
            errors["contributingFactorIds"] = [$"Link at most {ActionItem.MaxLinks} contributing factors."];
        }

        if (DependsOn.Count > ActionItem.MaxLinks)
        {
            errors["dependsOn"] = [$"An item depends on at most {ActionItem.MaxLinks} others."];
        }

        if (TextValues.TrimToNull(TrackerUrl) is { } url && !IsWebUrl(url))
        {
            errors["trackerUrl"] = ["The tracker link is an absolute http(s) URL of at most 2048 characters."];
        }
    }

    /// <summary>The names (as the API spells them) of the fields whose values differ; both sides normalized.</summary>
    public IReadOnlyList<string> DifferencesFrom(ActionItemFields other)
    {
        var changed = new List<string>();
        void Compare(string name, bool same)
        {
            if (!same)
            {
                changed.Add(name);
            }
        }

        Compare("title", Title == other.Title);
        Compare("description", Description == other.Description);
        Compare("owner", Owner == other.Owner);
        Compare("secondaryOwnerTeam", SecondaryOwnerTeam == other.SecondaryOwnerTeam);
        Compare("dueDate", DueDate == other.DueDate);
        Compare("priority", Priority == other.Priority);
        Compare("type", Type == other.Type);
        Compare("nature", Nature == other.Nature);
        Compare("definitionOfDone", DefinitionOfDone == other.DefinitionOfDone);
        Compare("expectedOutcome", ExpectedOutcome == other.ExpectedOutcome);
        Compare("contributingFactorIds", ContributingFactorIds.SequenceEqual(other.ContributingFactorIds));
        Compare("dependsOn", DependsOn.SequenceEqual(other.DependsOn));
        Compare("trackerUrl", TrackerUrl == other.TrackerUrl);
        return changed;
    }

    public static bool IsWebUrl(string url) => url.Length <= ActionItem.UrlMaxLength && TextValues.IsWebUrl(url);

    private static void MaxLength(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value?.Trim().Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }
}

/// <summary>A partial change: null leaves a field as it is; an empty string clears an optional text.</summary>
public sealed record ActionItemEdit(
    string? Title = null,
    string? Description = null,
    PersonRef? Owner = null,
    string? SecondaryOwnerTeam = null,
    DateOnly? DueDate = null,
    ActionPriority? Priority = null,
    ActionType? Type = null,
    ActionNature? Nature = null,
    string? DefinitionOfDone = null,
    string? ExpectedOutcome = null,
    IReadOnlyList<Guid>? ContributingFactorIds = null,
    IReadOnlyList<Guid>? DependsOn = null,
    string? TrackerUrl = null)
{
    public ActionItemFields ApplyTo(ActionItemFields current) => new(
        Title ?? current.Title,
        Description ?? current.Description,
        Owner ?? current.Owner,
        SecondaryOwnerTeam ?? current.SecondaryOwnerTeam,
        DueDate ?? current.DueDate,
        Priority ?? current.Priority,
        Type ?? current.Type,
        Nature ?? current.Nature,
        DefinitionOfDone ?? current.DefinitionOfDone,
        ExpectedOutcome ?? current.ExpectedOutcome,
        ContributingFactorIds ?? current.ContributingFactorIds,
        DependsOn ?? current.DependsOn,
        TrackerUrl ?? current.TrackerUrl);
}
