using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Notifications.Domain;

/// <summary>Something a person of the org should know about, such as a review they now own.</summary>
public sealed class Notification : IOrgOwned, IHasTimeOrderedId
{
    public const int MaxBodyLength = 2000;

    private Notification()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    /// <summary>The recipient's Entra object id.</summary>
    public string RecipientUserId { get; private set; } = "";

    public string RecipientDisplayName { get; private set; } = "";

    public NotificationKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>The API path of what it is about, e.g. <c>/api/reviews/{id}</c>.</summary>
    public string Link { get; private set; } = "";

    /// <summary>The event that caused it; with the recipient, unique: one event never notifies a person twice.</summary>
    public Guid SourceEventId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public static Notification Create(
        Guid orgId, string recipientUserId, string recipientDisplayName, NotificationKind kind,
        string title, string body, string link, Guid sourceEventId, DateTimeOffset now) => new()
        {
            Id = Guid.CreateVersion7(),
            OrgId = orgId,
            RecipientUserId = recipientUserId,
            RecipientDisplayName = recipientDisplayName,
            Kind = kind,
            Title = title,
            Body = body,
            Link = link,
            SourceEventId = sourceEventId,
            CreatedAt = now,
        };

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    public void MarkUnread() => ReadAt = null;
}

public enum NotificationKind
{
    ReviewAssigned,
    ActionItemAssigned,
    ActionItemDueSoon,
    ActionItemOverdue,
    /// <summary>An overdue P1 of someone else, sent to the engineering manager the org escalates to.</summary>
    ActionItemEscalated,
    ActionItemVerified,
    ReviewFollowUpDue,
    /// <summary>A partner webhook endpoint the recipient registered was disabled (410 Gone, or failing for days).</summary>
    WebhookEndpointDisabled,
    /// <summary>The recipient's daily list of their action items that are due soon or overdue.</summary>
    DailyDigest,
    /// <summary>Sent on request, to check that a person's email and chat channels reach them.</summary>
    ChannelTest,
}
