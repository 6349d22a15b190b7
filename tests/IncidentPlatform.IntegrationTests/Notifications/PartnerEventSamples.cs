using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>Platform events of an org, as the other services publish them, for the partner channel tests.</summary>
internal static class PartnerEventSamples
{
    public static ReviewPublished ReviewPublishedFor(TestCaller org) => new(
        org.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", Severity.Sev2, ["checkout-api"],
        "A config change removed the retry budget.", 1, null, [new ReportLink("html", "/api/reviews/x/report.html")], org.Person,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    public static IncidentDeclared IncidentDeclaredFor(TestCaller org) => new(
        org.OrgId, Guid.NewGuid(), "INC-2024-043", "Checkout latency", Severity.Sev3, ["checkout-api"], org.Person,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
}
