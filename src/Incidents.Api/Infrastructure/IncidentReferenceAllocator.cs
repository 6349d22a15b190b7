using IncidentPlatform.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// Numbers a declared incident <c>INC-{year}-{n}</c> as the last statement of its transaction. The counter upsert
/// takes a row lock, so an org's declarations take turns, and a rolled-back declaration returns its number:
/// references have no gaps and no duplicates. Because the incident and its <c>IncidentDeclared</c> row are already
/// written (under a provisional reference), the lock is held for this one statement and the commit only, not for
/// the whole request: one org can declare many incidents a second.
/// </summary>
public static class IncidentReferenceAllocator
{
    public static async Task<string> NumberAsync(
        IncidentsDbContext db, Incident incident, Guid declaredEventId, CancellationToken cancellationToken)
    {
        var year = incident.StartedAt.Year;
        var numbered = await db.Database.SqlQuery<string>($"""
            WITH next AS (
                INSERT INTO incident_reference_counters (org_id, year, last_value) VALUES ({incident.OrgId}, {year}, 1)
                ON CONFLICT (org_id, year) DO UPDATE SET last_value = incident_reference_counters.last_value + 1
                RETURNING 'INC-' || year || '-' || lpad(last_value::text, greatest(3, length(last_value::text)), '0') AS reference),
            incident AS (
                UPDATE incidents SET reference = next.reference FROM next
                WHERE incidents.id = {incident.Id} AND incidents.org_id = {incident.OrgId})
            UPDATE outbox_messages SET payload = jsonb_set(payload, ARRAY['reference'], to_jsonb(next.reference)) FROM next
            WHERE outbox_messages.id = {declaredEventId}
            RETURNING next.reference AS "Value"
            """).ToListAsync(cancellationToken);
        return numbered.Single();
    }
}
