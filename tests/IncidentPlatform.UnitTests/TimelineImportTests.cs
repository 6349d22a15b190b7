using IncidentPlatform.AppHost.Demo;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Domain.Timeline;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class TimelineImportTests
{
    private static readonly DateOnly IncidentDay = new(2024, 3, 15);

    [Fact]
    public void The_worked_example_gives_its_ten_entries_with_the_right_kinds()
    {
        var result = TimelineImport.ParseText(DemoOrganization.TimelineText, IncidentDay, TimeZoneInfo.Utc, "slack #inc-checkout");

        Assert.Empty(result.Unparsed);
        Assert.Equal(
            [
                TimelineEntryKind.Deploy, TimelineEntryKind.Deploy, TimelineEntryKind.Signal, TimelineEntryKind.Escalation,
                TimelineEntryKind.Detection, TimelineEntryKind.Decision, TimelineEntryKind.Rollback, TimelineEntryKind.Rollback,
                TimelineEntryKind.Mitigation, TimelineEntryKind.Mitigation,
            ],
            result.Entries.Select(e => e.Kind));
        Assert.Equal(DateTimeOffset.Parse("2024-03-15T14:23:00Z"), result.Entries[0].OccurredAt);
        Assert.Equal(DateTimeOffset.Parse("2024-03-15T14:45:00Z"), result.Entries[^1].OccurredAt);
        Assert.Equal("Alert: checkout error rate > 1% (PagerDuty)", result.Entries[2].Text);
        Assert.All(result.Entries, e => Assert.Equal("slack #inc-checkout", e.Source));
        Assert.Equal(Enumerable.Range(1, 10), result.Entries.Select(e => e.LineNumber));
    }

    [Theory]
    [InlineData("Alert: p99 latency above 2s", TimelineEntryKind.Signal)]
    [InlineData("Decision: fail over to eu-west-2", TimelineEntryKind.Decision)]
    [InlineData("Reverted the change to the connection pool size", TimelineEntryKind.Rollback)]
    [InlineData("Paged the database on-call", TimelineEntryKind.Escalation)]
    [InlineData("Feature flag new-pricing disabled", TimelineEntryKind.ConfigChange)]
    [InlineData("Status page updated: investigating elevated errors", TimelineEntryKind.Communication)]
    [InlineData("Customers report failed payments", TimelineEntryKind.Impact)]
    [InlineData("Traffic failed over, latency recovered", TimelineEntryKind.Mitigation)]
    [InlineData("Coffee", TimelineEntryKind.Other)]
    public void A_kind_is_inferred_from_an_explicit_label_or_from_what_the_line_is_about(string text, TimelineEntryKind expected) =>
        Assert.Equal(expected, TimelineKindClassifier.Classify(text));

    [Fact]
    public void Wall_clock_times_are_read_in_the_given_time_zone_and_a_log_may_cross_midnight()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var result = TimelineImport.ParseText("23:50 Alert: disk full on db-1\n[00:05] - Old WAL files removed, disk at 60%", new DateOnly(2024, 7, 1), berlin, null);

        Assert.Equal(DateTimeOffset.Parse("2024-07-01T21:50:00Z"), result.Entries[0].OccurredAt);
        Assert.Equal(DateTimeOffset.Parse("2024-07-01T22:05:00Z"), result.Entries[1].OccurredAt);
        Assert.Equal("Old WAL files removed, disk at 60%", result.Entries[1].Text);
    }

    [Fact]
    public void Lines_it_cannot_read_are_reported_with_their_number_and_reason_never_dropped()
    {
        var result = TimelineImport.ParseText("14:23 Deploy begins\n\nno time on this line\n25:61 Nonsense time\n14:30 Rollback initiated", IncidentDay, TimeZoneInfo.Utc, null);

        Assert.Equal([1, 5], result.Entries.Select(e => e.LineNumber));
        Assert.Equal([3, 4], result.Unparsed.Select(u => u.LineNumber));
        Assert.Contains("starting with a time", result.Unparsed[0].Reason);
        Assert.Contains("not a time of day", result.Unparsed[1].Reason);
    }

    [Fact]
    public void A_time_the_clocks_skipped_is_reported()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var result = TimelineImport.ParseText("02:30 Alert: batch job late", new DateOnly(2024, 3, 31), berlin, null);

        Assert.Contains("does not exist", Assert.Single(result.Unparsed).Reason);
    }

    [Fact]
    public void JSON_lines_from_tools_are_read_with_their_kind_source_and_author_and_bad_lines_are_reported()
    {
        const string lines = """
            {"timestamp":"2024-03-15T14:27:00Z","message":"checkout error rate > 1%","source":"pagerduty","kind":"signal"}
            {"time":1710513300,"text":"Deployment of checkout-api v2.4.1 begins","author":"deploy-bot"}
            {"time":"2024-03-15T14:35:00","text":"no offset"}
            {"time":"2024-03-15T14:35:00Z","text":"Rollback initiated","kind":"undo"}
            {"time":"2024-03-15T14:36:00Z"}
            not json at all
            """;

        var result = TimelineImport.ParseJsonLines(lines, "tools");

        Assert.Equal(2, result.Entries.Count);
        Assert.Equal((TimelineEntryKind.Signal, false, "pagerduty"), (result.Entries[0].Kind, result.Entries[0].KindInferred, result.Entries[0].Source));
        Assert.Equal((TimelineEntryKind.Deploy, true, "tools"), (result.Entries[1].Kind, result.Entries[1].KindInferred, result.Entries[1].Source));
        Assert.Equal(DateTimeOffset.Parse("2024-03-15T14:35:00Z"), result.Entries[1].OccurredAt);
        Assert.Equal("deploy-bot", result.Entries[1].Author?.DisplayName);
        Assert.Equal([3, 4, 5, 6], result.Unparsed.Select(u => u.LineNumber));
        Assert.Contains("offset", result.Unparsed[0].Reason);
        Assert.Contains("Unknown kind", result.Unparsed[1].Reason);
        Assert.Contains("No text", result.Unparsed[2].Reason);
        Assert.Contains("Not valid JSON", result.Unparsed[3].Reason);
    }

    [Fact]
    public void An_edit_keeps_the_previous_version_and_a_future_entry_is_refused()
    {
        var now = DateTimeOffset.Parse("2024-03-16T09:00:00Z");
        var author = new PersonRef("u1", "Sam");
        var content = new TimelineEntryContent(DateTimeOffset.Parse("2024-03-15T14:31:00Z"), TimelineEntryKind.Other, "Engineer looks at dashboards", null, TimelineKnowledge.KnownAtTheTime, false);
        var entry = TimelineEntry.Record(Guid.NewGuid(), Guid.NewGuid(), content, author, now);

        entry.Edit(content with { Kind = TimelineEntryKind.Detection, IsKeyMoment = true }, new PersonRef("u2", "Kim"), now.AddMinutes(5));
        entry.Edit(content with { Kind = TimelineEntryKind.Detection, IsKeyMoment = true }, new PersonRef("u2", "Kim"), now.AddMinutes(6));

        Assert.Equal(2, entry.Version);
        var revision = Assert.Single(entry.Revisions);
        Assert.Equal((1, TimelineEntryKind.Other, "Kim"), (revision.Version, revision.Content.Kind, revision.ChangedBy.DisplayName));
        var future = Assert.Throws<ValidationException>(() => entry.Edit(content with { OccurredAt = now.AddHours(1) }, author, now));
        Assert.Contains("occurredAt", future.Errors.Keys);
    }

    [Fact]
    public void The_worked_example_response_metrics_follow_from_its_lifecycle()
    {
        var started = DateTimeOffset.Parse("2024-03-15T14:23:00Z");
        var now = DateTimeOffset.Parse("2024-03-16T09:00:00Z");
        var incident = Incident.Declare(Guid.NewGuid(), "INC-2024-001", "Checkout failures", Severity.Sev2, ["checkout-api"], new PersonRef("l", "Alex"), started, started.AddMinutes(4), now);
        incident.Acknowledge(started.AddMinutes(5), now);
        incident.Mitigate(started.AddMinutes(15), now);
        incident.Resolve(started.AddMinutes(22), now);

        var metrics = ResponseMetrics.Of(incident);

        Assert.Equal(
            (TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(18), TimeSpan.FromMinutes(22)),
            (metrics.TimeToDetect, metrics.TimeToAcknowledge, metrics.TimeToMitigate, metrics.TimeToResolve, metrics.Duration));
    }
}
