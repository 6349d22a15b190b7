using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>
/// Who takes part in a review besides its owner (the incident lead): a neutral facilitator who was not involved in the
/// incident, a note-taker, the service owner, the engineering manager, and seats for responders, support and
/// customer success, and stakeholders.
/// </summary>
public sealed record ReviewRoles(
    PersonRef? Facilitator = null,
    PersonRef? NoteTaker = null,
    PersonRef? ServiceOwner = null,
    PersonRef? EngineeringManager = null,
    IReadOnlyList<PersonRef>? Responders = null,
    IReadOnlyList<PersonRef>? SupportSeats = null,
    IReadOnlyList<PersonRef>? Stakeholders = null)
{
    public const int MaxSeats = 50;

    public static readonly ReviewRoles Empty = new();

    /// <summary>Everyone with a role, once each, with the role's name.</summary>
    public IEnumerable<(string Role, PersonRef Person)> People()
    {
        foreach (var (role, person) in new[] { ("facilitator", Facilitator), ("noteTaker", NoteTaker), ("serviceOwner", ServiceOwner), ("engineeringManager", EngineeringManager) })
        {
            if (person is not null)
            {
                yield return (role, person);
            }
        }

        foreach (var (role, seats) in new[] { ("responder", Responders), ("support", SupportSeats), ("stakeholder", Stakeholders) })
        {
            foreach (var person in seats ?? [])
            {
                yield return (role, person);
            }
        }
    }

    /// <summary>The seats an opened review starts with: the incident's people, seated by the role they had.</summary>
    public static ReviewRoles SeatedFrom(IReadOnlyList<IncidentParticipant> participants)
    {
        static PersonRef Person(IncidentParticipant p) => new(p.UserId, p.DisplayName);
        string[] support = ["support", "customerSuccess"];
        return new ReviewRoles(
            ServiceOwner: participants.Where(p => p.Role == "serviceOwner").Select(Person).FirstOrDefault(),
            Responders: [.. participants.Where(p => p.Role is not ("serviceOwner" or "stakeholder" or "observer") && !support.Contains(p.Role)).Select(Person).Take(MaxSeats)],
            SupportSeats: [.. participants.Where(p => support.Contains(p.Role)).Select(Person).Take(MaxSeats)],
            Stakeholders: [.. participants.Where(p => p.Role == "stakeholder").Select(Person).Take(MaxSeats)]);
    }
}
