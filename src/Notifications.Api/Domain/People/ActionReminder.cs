using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Notifications.Domain.People;

/// <summary>
/// An unfinished action item its owner has been reminded of (due soon or overdue), kept until it is done, verified or
/// dropped: what the owner's daily digest lists.
/// </summary>
public sealed class ActionReminder : IOrgOwned
{
    private ActionReminder()
    {
    }

    public Guid ActionItemId { get; private set; }

    public Guid OrgId { get; private set; }

    public string OwnerUserId { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Priority { get; private set; } = "";

    public DateOnly DueDate { get; private set; }

    public string IncidentReference { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public static ActionReminder Create(Guid orgId, Guid actionItemId, DateTimeOffset now) => new()
    {
        OrgId = orgId,
        ActionItemId = actionItemId,
        UpdatedAt = now,
    };

    public void Update(string ownerUserId, string title, string priority, DateOnly dueDate, string incidentReference, DateTimeOffset now)
    {
        OwnerUserId = ownerUserId;
        Title = title;
        Priority = priority;
        DueDate = dueDate;
        IncidentReference = incidentReference;
        UpdatedAt = now;
    }
}

/// <summary>The daily digest of a person's reminded action items: overdue first (oldest first), then due soon.</summary>
public static class DailyDigest
{
    public const int MaxListed = 25;

    // Room kept for the closing "…and N more" line, so a digest always says what it left out.
    private const int MoreLineRoom = 64;

    /// <summary>The digest's title and body for <paramref name="today"/> (the person's local date); null when nothing is due.</summary>
    public static (string Title, string Body)? Compose(IReadOnlyCollection<ActionReminder> reminders, DateOnly today)
    {
        if (reminders.Count == 0)
        {
            return null;
        }

        var ordered = reminders.OrderBy(r => r.DueDate).ThenBy(r => r.Priority, StringComparer.Ordinal).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
        var overdue = ordered.Count(r => r.DueDate < today);
        var dueSoon = ordered.Count - overdue;
        var title = (overdue, dueSoon) switch
        {
            (> 0, > 0) => $"Your action items: {overdue} overdue, {dueSoon} due soon",
            (> 0, _) => $"Your action items: {overdue} overdue",
            _ => $"Your action items: {dueSoon} due soon",
        };

        var lines = new List<string>();
        var length = 0;
        foreach (var reminder in ordered)
        {
            var line = reminder.DueDate < today
                ? $"• Overdue since {reminder.DueDate:yyyy-MM-dd}: [{reminder.Priority}] {reminder.Title} ({reminder.IncidentReference})"
                : $"• Due {reminder.DueDate:yyyy-MM-dd}: [{reminder.Priority}] {reminder.Title} ({reminder.IncidentReference})";
            if (lines.Count == MaxListed || length + line.Length + 1 > Notification.MaxBodyLength - MoreLineRoom)
            {
                break;
            }

            lines.Add(line);
            length += line.Length + 1;
        }

        if (ordered.Count > lines.Count)
        {
            lines.Add($"…and {ordered.Count - lines.Count} more in /api/action-items.");
        }

        return (title, string.Join('\n', lines));
    }
}
