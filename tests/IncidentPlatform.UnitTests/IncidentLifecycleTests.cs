using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class IncidentLifecycleTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-16T09:00:00Z");
    private static readonly DateTimeOffset Started = DateTimeOffset.Parse("2024-03-15T14:23:00Z");
    private static readonly PersonRef Lead = new("lead-oid", "Alex Rivera");

    [Fact]
    public void The_worked_example_walks_the_whole_lifecycle_and_lasts_22_minutes()
    {
        var incident = Declare(detectedAt: Started.AddMinutes(4));

        incident.Acknowledge(Started.AddMinutes(5), Now);
        incident.Mitigate(Started.AddMinutes(15), Now);
        incident.Resolve(Started.AddMinutes(22), Now);

        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(TimeSpan.FromMinutes(22), incident.Duration);
        Assert.Equal(3, incident.Version);
    }

    [Fact]
    public void An_incident_cannot_be_resolved_before_it_is_detected()
    {
        var incident = Declare(detectedAt: null);

        var error = Assert.Throws<IncidentLifecycleException>(() => incident.Resolve(Started.AddMinutes(22), Now));

        Assert.Contains("before it has been detected", error.Message);
        Assert.Equal(409, error.StatusCode);
    }

    [Fact]
    public void Resolving_twice_is_refused()
    {
        var incident = Declare(detectedAt: Started.AddMinutes(4));
        incident.Resolve(Started.AddMinutes(22), Now);

        var error = Assert.Throws<IncidentLifecycleException>(() => incident.Resolve(Started.AddMinutes(30), Now));

        Assert.Contains("already resolved", error.Message);
    }

    [Fact]
    public void A_step_cannot_go_back_in_time_before_the_step_it_follows()
    {
        var incident = Declare(detectedAt: Started.AddMinutes(4));
        incident.Mitigate(Started.AddMinutes(15), Now);

        var error = Assert.Throws<IncidentLifecycleException>(() => incident.Resolve(Started.AddMinutes(10), Now));

        Assert.Contains("before it was mitigated", error.Message);
    }

    [Fact]
    public void A_step_cannot_happen_in_the_future()
    {
        var incident = Declare(detectedAt: Started.AddMinutes(4));

        var error = Assert.Throws<ValidationException>(() => incident.Resolve(Now.AddHours(1), Now));

        Assert.Equal(422, error.StatusCode);
        Assert.Contains("at", error.Errors.Keys);
    }

    [Fact]
    public void A_step_may_be_back_dated_and_skipped_steps_stay_empty()
    {
        var incident = Declare(detectedAt: Started.AddMinutes(4));

        incident.Resolve(Started.AddMinutes(22), Now);

        Assert.Null(incident.AcknowledgedAt);
        Assert.Null(incident.MitigatedAt);
        Assert.Equal(Started.AddMinutes(22), incident.ResolvedAt);
    }

    [Fact]
    public void A_step_already_passed_cannot_be_recorded_later()
    {
        var incident = Declare(detectedAt: Started.AddMinutes(4));
        incident.Mitigate(Started.AddMinutes(15), Now);

        var error = Assert.Throws<IncidentLifecycleException>(() => incident.Acknowledge(Started.AddMinutes(16), Now));

        Assert.Contains("already mitigated", error.Message);
    }

    [Theory]
    [InlineData("", "title")]
    [InlineData("   ", "title")]
    public void Declaring_without_a_title_names_the_field(string title, string field)
    {
        var error = Assert.Throws<ValidationException>(() =>
            Incident.Declare(Guid.NewGuid(), "INC-2024-001", title, Severity.Sev2, [], Lead, Started, null, Now));

        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public void Declaring_reports_every_broken_rule_at_once()
    {
        var error = Assert.Throws<ValidationException>(() => Incident.Declare(
            Guid.NewGuid(), "INC-2024-001", new string('x', 201), Severity.Sev2, [], Lead, Now.AddDays(1), Now.AddDays(-1), Now));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal(["detectedAt", "startedAt", "title"], error.Errors.Keys.Order());
    }

    [Fact]
    public void Affected_services_are_trimmed_and_deduplicated()
    {
        var incident = Incident.Declare(Guid.NewGuid(), "INC-2024-001", "t", Severity.Sev2, [" checkout-api ", "Checkout-API", "", "payments"], Lead, Started, null, Now);

        Assert.Equal(["checkout-api", "payments"], incident.Services);
    }

    [Fact]
    public void References_have_the_year_and_at_least_three_digits() =>
        Assert.Equal(["INC-2024-042", "INC-2025-1234"], [IncidentReference.Format(2024, 42), IncidentReference.Format(2025, 1234)]);

    [Fact]
    public void Describing_an_incident_changes_only_what_is_given_and_an_unchanged_description_keeps_its_version()
    {
        var incident = Declare(detectedAt: null);

        var changed = incident.Describe(null, "Canary caught it", IncidentKind.NearMiss, ["Canary"], null, Now);
        var unchanged = incident.Describe(null, null, null, ["canary"], null, Now);

        Assert.Equal(["summary", "kind", "tags"], changed);
        Assert.Empty(unchanged);
        Assert.Equal(1, incident.Version);
        Assert.Equal(("Checkout errors after deploy", "Canary caught it", IncidentKind.NearMiss), (incident.Title, incident.Summary, incident.Kind));
        Assert.Equal(["canary"], incident.Tags);
        Assert.Equal(["checkout-api"], incident.Services);
    }

    private static Incident Declare(DateTimeOffset? detectedAt) =>
        Incident.Declare(Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", Severity.Sev2, ["checkout-api"], Lead, Started, detectedAt, Now);
}
