using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.ServiceDefaults.Persistence;

public static class ConcurrencySaving
{
    /// <summary>Saves, turning a lost race with another writer (a stale concurrency token) into a 409 naming <paramref name="what"/>.</summary>
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
    }
}
