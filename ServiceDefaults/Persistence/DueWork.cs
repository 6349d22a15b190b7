using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>Scheduled work kept as rows: taking the next due one, so that replicas never take the same.</summary>
public static class DueWork
{
    /// <summary>
    /// Locks the next due row in <paramref name="transaction"/> (<paramref name="query"/> selects <c>id, org_id</c> with
    /// <c>@now</c> bound, and ends <c>FOR UPDATE SKIP LOCKED</c>, so replicas never take the same row); null when none is due.
    /// </summary>
    public static async Task<(Guid Id, Guid OrgId)?> ClaimNextAsync(
        this DbContext db, IDbContextTransaction transaction, string query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(transaction, query);
        command.Parameters.AddWithValue("now", now);
        var rows = await command.ReadAllAsync(row => (row.GetGuid(0), row.GetGuid(1)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
