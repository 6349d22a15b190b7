using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>Who reviews: the owner (the incident lead), the seats of <see cref="ReviewRoles"/>, and the incident's people.</summary>
public sealed partial class Review
{
    public ReviewRoles Roles { get; private set; } = ReviewRoles.Empty;

    /// <summary>When the incident was as this review knows it (the occurred-at of the last event applied).</summary>
    public DateTimeOffset IncidentKnownAt { get; private set; }

    /// <summary>Whether the person took part in the incident (as its lead or a participant) and so cannot facilitate neutrally.</summary>
    public string? InvolvementOf(PersonRef person) =>
        person.UserId == Owner.UserId ? "led the incident"
        : IncidentParticipants.FirstOrDefault(p => p.UserId == person.UserId) is { } participant ? $"took part in the incident as {participant.Role}"
        : null;

    /// <summary>
    /// Seats the review's people. The facilitator must not have been involved in the incident (neutrality keeps the
    /// review truthful) and does not also take the notes; a person sits once per seat list.
    /// </summary>
    public bool AssignRoles(ReviewRoles roles, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (roles.Facilitator is { } facilitator)
        {
            if (InvolvementOf(facilitator) is { } involvement)
            {
                errors["facilitator"] = [$"{facilitator.DisplayName} {involvement} {IncidentReference}; the facilitator must be someone who was not involved, to keep the review neutral."];
            }
            else if (roles.NoteTaker?.UserId == facilitator.UserId)
            {
                errors["noteTaker"] = ["The facilitator guides the discussion; someone else takes the notes."];
            }
        }

        foreach (var (field, seats) in new[] { ("responders", roles.Responders), ("supportSeats", roles.SupportSeats), ("stakeholders", roles.Stakeholders) })
        {
            var list = seats ?? [];
            if (list.Count > ReviewRoles.MaxSeats)
            {
                errors[field] = [$"At most {ReviewRoles.MaxSeats} seats."];
                continue;
            }

            var repeated = list.Select((person, i) => (person, i)).GroupBy(x => x.person.UserId).Where(g => g.Count() > 1).Select(g => g.Skip(1).First()).FirstOrDefault();
            if (repeated.person is not null)
            {
                errors[$"{field}[{repeated.i}]"] = [$"{repeated.person.DisplayName} is already in this seat list."];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        var normalized = roles with { Responders = roles.Responders ?? [], SupportSeats = roles.SupportSeats ?? [], Stakeholders = roles.Stakeholders ?? [] };
        if (JsonConventions.SameJson(normalized, Roles))
        {
            return false;
        }

        Roles = normalized;
        Touch(now);
        return true;
    }

    /// <summary>Keeps the incident's description, people and impact as Incidents last told; the review's analysis is untouched.</summary>
    public bool FollowIncident(IncidentUpdated incident, DateTimeOffset now)
    {
        // Events may arrive out of order; an older snapshot never replaces a newer one.
        if (incident.OccurredAt <= IncidentKnownAt)
        {
            return false;
        }

        IncidentKnownAt = incident.OccurredAt;
        var title = incident.Title.Length > 200 ? incident.Title[..200] : incident.Title;
        IncidentTitle = title;
        Owner = incident.IncidentLead;
        Services = [.. incident.Services];
        Tags = [.. incident.Tags];
        IncidentParticipants = [.. incident.Participants];
        Impact = incident.Impact ?? Impact;
        Touch(now);
        return true;
    }
}
