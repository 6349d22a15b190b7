using IncidentPlatform.Contracts;

namespace IncidentPlatform.Notifications.Domain.Webhooks;

// The data of each partner event. These shapes are a public contract of their own, kept apart from the internal
// integration events so that those can evolve without breaking partners; JSON schemas in docs/partner-events.md.

public sealed record IncidentDeclaredData(
    Guid OrgId, Guid IncidentId, string Reference, string Title, Severity Severity, IReadOnlyList<string> Services,
    PersonRef IncidentLead, DateTimeOffset StartedAt, DateTimeOffset? DetectedAt)
{
    public static PartnerEvent From(IncidentDeclared e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.IncidentDeclared,
        $"incidents/{e.IncidentId}", e.OccurredAt,
        new IncidentDeclaredData(e.OrgId, e.IncidentId, e.Reference, e.Title, e.Severity, e.Services, e.IncidentLead, e.StartedAt, e.DetectedAt));
}

public sealed record IncidentResolvedData(
    Guid OrgId, Guid IncidentId, string Reference, string Title, Severity Severity, IReadOnlyList<string> Services,
    PersonRef IncidentLead, DateTimeOffset StartedAt, DateTimeOffset DetectedAt, DateTimeOffset ResolvedAt, IReadOnlyList<string> Tags)
{
    public static PartnerEvent From(IncidentResolved e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.IncidentResolved,
        $"incidents/{e.IncidentId}", e.OccurredAt,
        new IncidentResolvedData(e.OrgId, e.IncidentId, e.Reference, e.Title, e.Severity, e.Services, e.IncidentLead, e.StartedAt,
            e.DetectedAt, e.ResolvedAt, e.Tags));
}

public sealed record ReviewCreatedData(
    Guid OrgId, Guid ReviewId, Guid IncidentId, string IncidentReference, string IncidentTitle, Severity Severity,
    IReadOnlyList<string> Services, PersonRef Owner, IReadOnlyList<ReviewDeadline> Deadlines)
{
    public static PartnerEvent From(ReviewCreated e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.ReviewCreated,
        $"reviews/{e.ReviewId}", e.OccurredAt,
        new ReviewCreatedData(e.OrgId, e.ReviewId, e.IncidentId, e.IncidentReference, e.IncidentTitle, e.Severity, e.Services, e.Owner, e.Deadlines));
}

public sealed record ReviewPublishedData(
    Guid OrgId, Guid ReviewId, Guid IncidentId, string IncidentReference, string Title, Severity Severity, IReadOnlyList<string> Services,
    string Summary, int ReportVersion, string? ChangeNote, IReadOnlyList<ReportLink> Links, PersonRef PublishedBy, DateTimeOffset PublishedAt)
{
    public static PartnerEvent From(ReviewPublished e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.ReviewPublished,
        $"reviews/{e.ReviewId}", e.OccurredAt,
        new ReviewPublishedData(e.OrgId, e.ReviewId, e.IncidentId, e.IncidentReference, e.Title, e.Severity, e.Services, e.Summary,
            e.ReportVersion, e.ChangeNote, e.Links, e.PublishedBy, e.PublishedAt));
}

public sealed record ActionItemCreatedData(
    Guid OrgId, Guid ActionItemId, Guid ReviewId, Guid IncidentId, string IncidentReference, string Title, PersonRef Owner,
    DateOnly DueDate, string Priority, string Type)
{
    public static PartnerEvent From(ActionItemCreated e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.ActionItemCreated,
        $"action-items/{e.ActionItemId}", e.OccurredAt,
        new ActionItemCreatedData(e.OrgId, e.ActionItemId, e.ReviewId, e.IncidentId, e.IncidentReference, e.Title, e.Owner, e.DueDate, e.Priority, e.Type));
}

public sealed record ActionItemOverdueData(
    Guid OrgId, Guid ActionItemId, Guid ReviewId, string IncidentReference, string Title, string Priority, PersonRef Owner, DateOnly DueDate)
{
    public static PartnerEvent From(ActionItemOverdue e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.ActionItemOverdue,
        $"action-items/{e.ActionItemId}", e.OccurredAt,
        new ActionItemOverdueData(e.OrgId, e.ActionItemId, e.ReviewId, e.IncidentReference, e.Title, e.Priority, e.Owner, e.DueDate));
}

public sealed record ActionItemVerifiedData(
    Guid OrgId, Guid ActionItemId, Guid ReviewId, Guid IncidentId, string IncidentReference, string Title, PersonRef Owner,
    PersonRef VerifiedBy, IReadOnlyList<string> Evidence)
{
    public static PartnerEvent From(ActionItemVerified e, Guid eventId) => new(eventId, e.OrgId, PartnerEventTypes.ActionItemVerified,
        $"action-items/{e.ActionItemId}", e.OccurredAt,
        new ActionItemVerifiedData(e.OrgId, e.ActionItemId, e.ReviewId, e.IncidentId, e.IncidentReference, e.Title, e.Owner, e.VerifiedBy, e.Evidence));
}

public sealed record WebhookTestData(Guid OrgId, Guid EndpointId, string Message)
{
    public static PartnerEvent For(Guid orgId, Guid endpointId, DateTimeOffset now) => new(Guid.CreateVersion7(now), orgId, PartnerEventTypes.WebhookTest,
        $"webhooks/endpoints/{endpointId}", now,
        new WebhookTestData(orgId, endpointId, "A test event from IncidentPlatform: if its signature verifies, your endpoint is ready."));
}
