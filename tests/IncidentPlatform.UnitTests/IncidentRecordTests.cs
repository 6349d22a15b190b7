using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Domain.People;
using IncidentPlatform.Incidents.Domain.Record;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

/// <summary>Closing and reopening, the people of an incident, its impact and evidence.</summary>
public sealed class IncidentRecordTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-16T09:00:00Z");
    private static readonly DateTimeOffset Started = DateTimeOffset.Parse("2024-03-15T14:23:00Z");
    private static readonly PersonRef Lead = new("lead-oid", "Alex Rivera");
    private static readonly PersonRef Sam = new("sam-oid", "Sam Chen");

    [Fact]
    public void A_published_review_closes_a_resolved_incident_once()
    {
        var incident = Resolved();
        var reviewId = Guid.NewGuid();

        var closed = incident.Close(reviewId, Now, Now);
        var closedAgain = incident.Close(reviewId, Now.AddDays(1), Now.AddDays(1));

        Assert.True(closed);
        Assert.False(closedAgain);
        Assert.Equal((IncidentStatus.Closed, Now, reviewId), (incident.Status, incident.ClosedAt, incident.ClosedByReviewId));
    }

    [Fact]
    public void A_live_incident_is_not_closed_by_a_review()
    {
        var incident = Declare();

        Assert.False(incident.Close(Guid.NewGuid(), Now, Now));
        Assert.Equal(IncidentStatus.Detected, incident.Status);
    }

    [Fact]
    public void Reopening_returns_to_the_last_step_before_resolution_and_keeps_the_resolution_on_record()
    {
        var incident = Resolved();
        incident.Close(Guid.NewGuid(), Now, Now);

        var reopening = incident.Reopen("  Errors came back after the rollback ", Sam, Now.AddHours(1));

        Assert.Equal(IncidentStatus.Mitigated, incident.Status);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
        Assert.Equal(("Errors came back after the rollback", IncidentStatus.Closed, Started.AddMinutes(22)),
            (reopening.Reason, reopening.PreviousStatus, reopening.PreviouslyResolvedAt));
        Assert.Throws<IncidentLifecycleException>(() => incident.Resolve(Now.AddMinutes(30), Now.AddHours(2)));
        incident.Resolve(Now.AddHours(2), Now.AddHours(2));
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
    }

    [Fact]
    public void Only_a_resolved_or_closed_incident_can_be_reopened_and_only_with_a_reason()
    {
        Assert.Throws<IncidentLifecycleException>(() => Declare().Reopen("Still broken", Sam, Now));
        var error = Assert.Throws<ValidationException>(() => Resolved().Reopen("  ", Sam, Now));
        Assert.Contains("reason", error.Errors.Keys);
    }

    [Fact]
    public void Handing_over_the_lead_keeps_the_former_lead_as_a_responder_and_the_handoff_on_record()
    {
        var incident = Declare();
        incident.SetParticipant(Sam, ParticipantRole.CommunicationsLead, Now);

        incident.ChangeLead(Sam, "End of shift", Lead, Now);

        Assert.Equal(Sam, incident.IncidentLead);
        var former = Assert.Single(incident.Participants);
        Assert.Equal((Lead.UserId, ParticipantRole.Responder), (former.UserId, former.Role));
        var handoff = Assert.Single(incident.LeadChanges);
        Assert.Equal((Lead, Sam, "End of shift"), (handoff.From, handoff.To, handoff.Reason));
        Assert.Throws<IncidentLifecycleException>(() => incident.ChangeLead(Sam, null, Lead, Now));
    }

    [Fact]
    public void A_participant_has_one_role_and_the_lead_is_not_a_participant()
    {
        var incident = Declare();

        Assert.True(incident.SetParticipant(Sam, ParticipantRole.Responder, Now));
        Assert.False(incident.SetParticipant(Sam, ParticipantRole.Responder, Now));
        Assert.True(incident.SetParticipant(Sam, ParticipantRole.Scribe, Now));

        Assert.Equal(ParticipantRole.Scribe, Assert.Single(incident.Participants).Role);
        Assert.Throws<ValidationException>(() => incident.SetParticipant(Lead, ParticipantRole.Scribe, Now));
        Assert.Throws<NotFoundException>(() => incident.RemoveParticipant("nobody", Now));
    }

    [Fact]
    public void Impact_names_every_bad_figure_and_normalizes_the_currency()
    {
        var incident = Declare();

        var error = Assert.Throws<ValidationException>(() => incident.RecordImpact(
            new IncidentImpact(AffectedUsers: -1, RevenueEstimate: new Money(10, "XYZ"), SupportTickets: -3), Now));
        var recorded = incident.RecordImpact(new IncidentImpact(FailedRequests: 300, RevenueEstimate: new Money(4500.004m, "usd")), Now);
        var again = incident.RecordImpact(new IncidentImpact(FailedRequests: 300, RevenueEstimate: new Money(4500, "USD")), Now);

        Assert.Equal(["affectedUsers", "revenueEstimate.currency", "supportTickets"], error.Errors.Keys.Order());
        Assert.True(recorded);
        Assert.False(again);
        Assert.Equal(new Money(4500.00m, "USD"), incident.Impact.RevenueEstimate);
        Assert.True(incident.Impact.IsCustomerImpacting);
        Assert.False(IncidentImpact.Unknown.IsCustomerImpacting);
    }

    [Fact]
    public void Evidence_links_must_be_http_urls_and_are_not_linked_twice()
    {
        var incident = Declare();

        var link = incident.AddEvidence(EvidenceKind.Dashboard, " https://grafana.example.com/d/checkout ", null, Lead, Now);

        Assert.Equal(("https://grafana.example.com/d/checkout", "https://grafana.example.com/d/checkout"), (link.Url, link.Title));
        Assert.Throws<ConflictException>(() => incident.AddEvidence(EvidenceKind.Logs, "https://grafana.example.com/d/checkout", "Again", Lead, Now));
        Assert.Contains("url", Assert.Throws<ValidationException>(() => incident.AddEvidence(EvidenceKind.Logs, "javascript:alert(1)", null, Lead, Now)).Errors.Keys);
        incident.RemoveEvidence(link.Id, Now);
        Assert.Empty(incident.Evidence);
    }

    private static Incident Declare() =>
        Incident.Declare(Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", Severity.Sev2, ["checkout-api"], Lead, Started, Started.AddMinutes(4), Now);

    private static Incident Resolved()
    {
        var incident = Declare();
        incident.Acknowledge(Started.AddMinutes(5), Now);
        incident.Mitigate(Started.AddMinutes(15), Now);
        incident.Resolve(Started.AddMinutes(22), Now);
        return incident;
    }
}
