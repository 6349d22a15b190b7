using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// Gives out the next numbers of an org's <c>INC-{year}-{n}</c> references inside the caller's transaction. The upsert
/// takes a row lock, so concurrent transactions queue up, and a rolled-back one returns its numbers: references have no
/// gaps and no duplicates.
/// </summary>
public static class IncidentReferenceAllocator
{
    /// <summary>
    /// Takes <paramref name="count"/> consecutive numbers and returns the last of them. A plain command, not EF's
    /// <c>SqlQuery</c>: that one built its result reader anew on every call, a few percent of the service's CPU under load.
    /// </summary>
    public static async Task<int> TakeAsync(IncidentsDbContext db, Guid orgId, int year, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("References are taken inside the transaction that saves the incidents.");
        await using var command = db.CreateCommand(transaction, """
            INSERT INTO incident_reference_counters (org_id, year, last_value) VALUES (@org_id, @year, @count)
            ON CONFLICT (org_id, year) DO UPDATE SET last_value = incident_reference_counters.last_value + @count
            RETURNING last_value
            """);
        command.Parameters.AddWithValue("org_id", orgId);
        command.Parameters.AddWithValue("year", year);
        command.Parameters.AddWithValue("count", count);
        var last = await command.ReadAllAsync(row => row.GetInt32(0), cancellationToken);
        return last[0];
    }
}
