using IncidentPlatform.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// Numbers a new incident <c>INC-{year}-{n}</c> inside the caller's transaction, as its last write. The counter
/// upsert takes the org's row lock, so concurrent declarations queue up, and a rolled-back declaration returns its
/// number: references have no gaps and no duplicates. The incident and its <c>IncidentDeclared</c> are written first
/// under a placeholder, and one statement then takes the number and puts it in both, so the lock is held for that
/// statement and the commit only (not for the whole request), which is what limits one org's declarations per second.
/// </summary>
public static class IncidentReferenceAllocator
{
    /// <summary>A reference no incident has, unique enough to stand in until the number is taken.</summary>
    public static string Placeholder() => $"#{Guid.NewGuid():N}"[..25];

    public static async Task<string> NumberAsync(
        IncidentsDbContext db, Guid orgId, int year, Guid incidentId, Guid declaredMessageId, string placeholder, CancellationToken cancellationToken)
    {
        // The format is IncidentReference.Format's: at least three digits (INC-2024-042, INC-2024-1234).
        var numbered = await db.Database.SqlQuery<string>($"""
            WITH next AS (
                INSERT INTO incident_reference_counters (org_id, year, last_value) VALUES ({orgId}, {year}, 1)
                ON CONFLICT (org_id, year) DO UPDATE SET last_value = incident_reference_counters.last_value + 1
                RETURNING 'INC-' || year || '-' || CASE WHEN last_value >= 100 THEN last_value::text ELSE lpad(last_value::text, 3, '0') END AS reference),
            incident AS (
                UPDATE incidents SET reference = next.reference FROM next
                WHERE incidents.id = {incidentId} AND incidents.org_id = {orgId} AND incidents.reference = {placeholder}
                RETURNING incidents.reference),
            declared AS (
                UPDATE outbox_messages SET payload = replace(payload::text, {placeholder}, next.reference)::jsonb FROM next
                WHERE outbox_messages.id = {declaredMessageId}
                RETURNING 1)
            SELECT incident.reference AS "Value" FROM incident, (SELECT count(*) FROM declared) AS event_numbered
            """).ToListAsync(cancellationToken);
        return numbered is [var reference]
            ? reference
            : throw new InvalidOperationException($"Incident {incidentId} was not found under its placeholder reference to be numbered.");
    }
}
