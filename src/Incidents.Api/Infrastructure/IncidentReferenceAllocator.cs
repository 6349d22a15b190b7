using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// Gives out the next numbers of an org's <c>INC-{year}-{n}</c> references inside the caller's transaction. The upsert
/// takes a row lock, so concurrent transactions queue up, and a rolled-back one returns its numbers: references have no
/// gaps and no duplicates.
/// </summary>
public static class IncidentReferenceAllocator
{
    /// <summary>Takes <paramref name="count"/> consecutive numbers and returns the last of them.</summary>
    public static async Task<int> TakeAsync(IncidentsDbContext db, Guid orgId, int year, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var last = await db.Database.SqlQuery<int>($"""
            INSERT INTO incident_reference_counters (org_id, year, last_value) VALUES ({orgId}, {year}, {count})
            ON CONFLICT (org_id, year) DO UPDATE SET last_value = incident_reference_counters.last_value + {count}
            RETURNING last_value AS "Value"
            """).ToListAsync(cancellationToken);
        return last[0];
    }
}
