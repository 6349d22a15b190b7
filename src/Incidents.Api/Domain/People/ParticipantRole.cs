namespace IncidentPlatform.Incidents.Domain.People;

/// <summary>
/// What a person did in the response (camelCase in JSON). The incident lead is not a participant role: an incident
/// has exactly one lead, kept separately with the history of handoffs.
/// </summary>
public enum ParticipantRole
{
    Responder,
    CommunicationsLead,
    OperationsLead,
    SubjectMatterExpert,
    Scribe,
    ServiceOwner,
    Support,
    CustomerSuccess,
    Stakeholder,
    Observer,
}
