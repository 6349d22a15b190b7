using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IncidentPlatform.Notifications.Infrastructure.People;

internal static class DueWork
{
    /// <summary>
    /// Locks the next due row in <paramref name="transaction"/> (<paramref name="query"/> selects <c>id, org_id</c> with
    /// <c>@now</c> bound, and ends <c>FOR UPDATE SKIP LOCKED</c>, so replicas never take the same row); null when none is due.
    /// </summary>
    public static async Task<(Guid Id, Guid OrgId)?> ClaimNextAsync(
        this NotificationsDbContext db, IDbContextTransaction transaction, string query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand
        {
            Connection = (NpgsqlConnection)db.Database.GetDbConnection(),
            Transaction = (NpgsqlTransaction)transaction.GetDbTransaction(),
            CommandText = query,
        };
        command.Parameters.AddWithValue("now", now);
        var rows = await command.ReadAllAsync(row => (row.GetGuid(0), row.GetGuid(1)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
