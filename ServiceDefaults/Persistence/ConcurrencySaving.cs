using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.ServiceDefaults.Persistence;

public static class ConcurrencySaving
{
    /// <summary>Saves, turning a lost race with another writer (a stale concurrency token, a duplicate key) into a 409 naming <paramref name="what"/>.</summary>
    public static async Task SaveChangesOrConflictAsync(this DbContext db, string what, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"{what} was changed by someone else at the same time; read it again and retry.");
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two writers creating the same row (e.g. an org's first policy): one wins, the other reads again.
            throw new ConflictException($"{what} was created by someone else at the same time; read it again and retry.");
        }
    }
}
