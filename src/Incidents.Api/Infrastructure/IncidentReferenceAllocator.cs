using IncidentPlatform.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// Gives out the next <c>INC-{year}-{n}</c> of an org inside the caller's transaction. The upsert takes a
/// row lock, so concurrent declarations queue up, and a rolled-back declaration returns its number:
/// references have no gaps and no duplicates.
/// </summary>
public static class IncidentReferenceAllocator
{
    public static async Task<string> NextAsync(IncidentsDbContext db, Guid orgId, int year, CancellationToken cancellationToken)
    {
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO incident_reference_counters (org_id, year, last_value) VALUES ({orgId}, {year}, 1)
            ON CONFLICT (org_id, year) DO UPDATE SET last_value = incident_reference_counters.last_value + 1
            RETURNING last_value AS "Value"
            """).ToListAsync(cancellationToken);
        return IncidentReference.Format(year, next[0]);
    }
}
