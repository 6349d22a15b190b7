using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Domain;

/// <summary>
/// An org's follow-up policy: the SLO of each priority (how long an action may take), how early owners are reminded,
/// and who overdue P1s escalate to when the review has no engineering manager.
/// </summary>
public sealed class ActionPolicy : IOrgOwned
{
    public const int DefaultReminderDays = 7;

    /// <summary>The widest reminder window a policy allows.</summary>
    public const int MaxReminderDays = 30;

    private ActionPolicy()
    {
    }

    public Guid OrgId { get; private set; }

    public int P1Weeks { get; private set; }

    public int P2Weeks { get; private set; }

    public int P3Weeks { get; private set; }

    public int ReminderDays { get; private set; }

    public PersonRef? EscalationContact { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public PersonRef? UpdatedBy { get; private set; }

    public int Version { get; private set; }

    /// <summary>P1 ≤ 8 weeks, P2 ≤ 12, P3 ≤ 26; owners reminded 7 days before the due date.</summary>
    public static ActionPolicy DefaultFor(Guid orgId) => new()
    {
        OrgId = orgId,
        P1Weeks = 8,
        P2Weeks = 12,
        P3Weeks = 26,
        ReminderDays = DefaultReminderDays,
    };

    public ActionPolicySettings Settings => new(P1Weeks, P2Weeks, P3Weeks, ReminderDays, EscalationContact);

    /// <summary>The latest due date the priority's SLO allows for an item created on <paramref name="createdOn"/>.</summary>
    public DateOnly LatestDueDate(ActionPriority priority, DateOnly createdOn) => createdOn.AddDays(7 * WeeksFor(priority));

    public int WeeksFor(ActionPriority priority) => priority switch
    {
        ActionPriority.P1 => P1Weeks,
        ActionPriority.P2 => P2Weeks,
        _ => P3Weeks,
    };

    /// <summary>Replaces the settings after checking every bound; 422 names each field out of bounds.</summary>
    public bool Change(ActionPolicySettings settings, PersonRef changedBy, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Bound(string field, int value, int min, int max, string why)
        {
            if (value < min || value > max)
            {
                errors[field] = [$"Must be between {min} and {max}{why}."];
            }
        }

        Bound("p1Weeks", settings.P1Weeks, 1, 12, " weeks (a must-do that waits a quarter is not a P1)");
        Bound("p2Weeks", settings.P2Weeks, settings.P1Weeks, 26, " weeks, and not sooner than P1");
        Bound("p3Weeks", settings.P3Weeks, settings.P2Weeks, 52, " weeks, and not sooner than P2");
        Bound("reminderDays", settings.ReminderDays, 1, MaxReminderDays, " days before the due date");
        if (settings.EscalationContact is { } contact && string.IsNullOrWhiteSpace(contact.UserId))
        {
            errors["escalationContact.userId"] = ["The escalation contact is a specific person."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        if (settings == Settings)
        {
            return false;
        }

        (P1Weeks, P2Weeks, P3Weeks, ReminderDays, EscalationContact) =
            (settings.P1Weeks, settings.P2Weeks, settings.P3Weeks, settings.ReminderDays, settings.EscalationContact);
        UpdatedAt = now;
        UpdatedBy = changedBy;
        Version++;
        return true;
    }
}

/// <summary>The tunable part of an <see cref="ActionPolicy"/>.</summary>
public sealed record ActionPolicySettings(int P1Weeks, int P2Weeks, int P3Weeks, int ReminderDays, PersonRef? EscalationContact);
