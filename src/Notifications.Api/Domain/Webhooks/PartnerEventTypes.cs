namespace IncidentPlatform.Notifications.Domain.Webhooks;

/// <summary>One kind of event partners can subscribe to: its CloudEvents <c>type</c>, what it means, and its data's shape.</summary>
public sealed record PartnerEventType(string Type, string Description, Type DataType);

/// <summary>
/// The partner event catalogue. Types are versioned (<c>.v1</c>): a breaking change of a data shape is a new type,
/// published next to the old one for a deprecation period, never a silent change of the old one.
/// </summary>
public static class PartnerEventTypes
{
    public const string ReviewCreated = "com.incidentplatform.review.created.v1";
    public const string ReviewPublished = "com.incidentplatform.review.published.v1";
    public const string IncidentDeclared = "com.incidentplatform.incident.declared.v1";
    public const string IncidentResolved = "com.incidentplatform.incident.resolved.v1";
    public const string ActionItemCreated = "com.incidentplatform.actionitem.created.v1";
    public const string ActionItemOverdue = "com.incidentplatform.actionitem.overdue.v1";
    public const string ActionItemVerified = "com.incidentplatform.actionitem.verified.v1";

    /// <summary>Sent only by "send test event"; needs no subscription.</summary>
    public const string WebhookTest = "com.incidentplatform.webhook.test.v1";

    /// <summary>What an endpoint can subscribe to.</summary>
    public static IReadOnlyList<PartnerEventType> Subscribable { get; } =
    [
        new(IncidentDeclared, "An incident was declared.", typeof(IncidentDeclaredData)),
        new(IncidentResolved, "An incident was resolved (its impact ended); its review is about to open.", typeof(IncidentResolvedData)),
        new(ReviewCreated, "The post-incident review of an incident was opened, with its owner and deadlines.", typeof(ReviewCreatedData)),
        new(ReviewPublished, "A version of a review's report was published (the first, or a revision with its change note).", typeof(ReviewPublishedData)),
        new(ActionItemCreated, "An action item was agreed in a review.", typeof(ActionItemCreatedData)),
        new(ActionItemOverdue, "An unfinished action item passed its due date (once per due date).", typeof(ActionItemOverdueData)),
        new(ActionItemVerified, "Someone other than its owner verified that a done action item changed the system.", typeof(ActionItemVerifiedData)),
    ];

    /// <summary>Every type a delivery can carry: the subscribable ones and the test event.</summary>
    public static IReadOnlyList<PartnerEventType> All { get; } =
        [.. Subscribable, new(WebhookTest, "A test event, sent on request to check an endpoint and its signature verification.", typeof(WebhookTestData))];

    public static bool IsSubscribable(string type) => Subscribable.Any(known => known.Type == type);
}
