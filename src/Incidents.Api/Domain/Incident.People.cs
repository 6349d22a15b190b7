using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain.People;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>Who responded: one incident lead (handoffs kept) and the participants with their roles.</summary>
public sealed partial class Incident
{
    public const int MaxParticipants = 200;

    public List<Participant> Participants { get; private set; } = [];

    /// <summary>Every handoff of the lead, oldest first.</summary>
    public List<LeadChange> LeadChanges { get; private set; } = [];

    /// <summary>
    /// Hands the lead to <paramref name="to"/>. The former lead stays on record as a responder (they took part);
    /// the new lead leaves the participant list, since leading is their role now.
    /// </summary>
    public LeadChange ChangeLead(PersonRef to, string? reason, PersonRef changedBy, DateTimeOffset now)
    {
        if (to.UserId == IncidentLead.UserId)
        {
            throw new IncidentLifecycleException($"{to.DisplayName} already leads {Reference}.");
        }

        var trimmedReason = string.IsNullOrWhiteSpace(reason) ? null : CheckReason(reason);
        var change = new LeadChange(IncidentLead, to, trimmedReason, changedBy, now);
        LeadChanges.Add(change);
        Participants.RemoveAll(p => p.UserId == to.UserId);
        if (Participants.All(p => p.UserId != IncidentLead.UserId))
        {
            Participants.Add(new Participant(IncidentLead.UserId, IncidentLead.DisplayName, ParticipantRole.Responder, now));
        }

        IncidentLead = to;
        Touch(now);
        return change;
    }

    /// <summary>Adds a participant, or changes their role. Returns false when they already had that role.</summary>
    public bool SetParticipant(PersonRef person, ParticipantRole role, DateTimeOffset now)
    {
        if (!Enum.IsDefined(role))
        {
            throw new ValidationException("role", "Unknown role.", 422);
        }

        if (person.UserId == IncidentLead.UserId)
        {
            throw new ValidationException("userId", $"{person.DisplayName} leads {Reference}; the lead is not also listed as a participant.", 422);
        }

        var index = Participants.FindIndex(p => p.UserId == person.UserId);
        if (index >= 0)
        {
            var existing = Participants[index];
            if (existing.Role == role && existing.DisplayName == person.DisplayName)
            {
                return false;
            }

            Participants[index] = existing with { Role = role, DisplayName = person.DisplayName };
        }
        else
        {
            if (Participants.Count >= MaxParticipants)
            {
                throw new ValidationException("userId", $"An incident has at most {MaxParticipants} participants.", 422);
            }

            Participants.Add(new Participant(person.UserId, person.DisplayName, role, now));
        }

        Touch(now);
        return true;
    }

    public void RemoveParticipant(string userId, DateTimeOffset now)
    {
        if (Participants.RemoveAll(p => p.UserId == userId) == 0)
        {
            throw new NotFoundException("participant", userId);
        }

        Touch(now);
    }
}
