using IncidentPlatform.Contracts;

namespace IncidentPlatform.Incidents.Domain.People;

/// <summary>A person who took part in the response, in one role.</summary>
public sealed record Participant(string UserId, string DisplayName, ParticipantRole Role, DateTimeOffset AddedAt)
{
    public PersonRef Person => new(UserId, DisplayName);
}

/// <summary>A handoff of the incident lead, kept so the review can tell who led when.</summary>
public sealed record LeadChange(PersonRef From, PersonRef To, string? Reason, PersonRef ChangedBy, DateTimeOffset ChangedAt);
