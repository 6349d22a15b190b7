using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>A page of a list, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>An entity whose id is a UUIDv7, so ordering by id is ordering by creation.</summary>
public interface IHasTimeOrderedId
{
    Guid Id { get; }
}

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Keyset pagination on the time-ordered id: stable under inserts, and cheap at any depth.</summary>
    public static async Task<Page<TResponse>> ToPageAsync<TEntity, TResponse>(
        this IQueryable<TEntity> query, int limit, Guid? cursor, Func<TEntity, TResponse> map, CancellationToken cancellationToken)
        where TEntity : class, IHasTimeOrderedId
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ValidationException("limit", $"limit must be between 1 and {MaxPageSize}.");
        }

        if (cursor is not null)
        {
            query = query.Where(e => e.Id.CompareTo(cursor.Value) < 0);
        }

        var rows = await query.AsNoTracking().OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        return new Page<TResponse>([.. page.Select(map)], rows.Count > limit ? page[^1].Id.ToString() : null);
    }
}
