using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>A page of a list, in the list's order, and the cursor of the next page (null on the last).</summary>
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

    /// <summary>
    /// Keyset pagination on a timestamp, with the time-ordered id breaking ties. The cursor is opaque to clients:
    /// it names the sort it belongs to, so a cursor used with another sort is a 400, not a silently wrong page.
    /// </summary>
    public static async Task<Page<TResponse>> ToKeysetPageAsync<TEntity, TResponse>(
        this IQueryable<TEntity> query,
        string sortName,
        Expression<Func<TEntity, DateTimeOffset>> key,
        bool descending,
        int limit,
        string? cursor,
        Func<TEntity, TResponse> map,
        CancellationToken cancellationToken)
        where TEntity : class, IHasTimeOrderedId
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ValidationException("limit", $"limit must be between 1 and {MaxPageSize}.");
        }

        if (cursor is not null)
        {
            var (afterKey, afterId) = KeysetCursor.Read(cursor, sortName);
            query = query.Where(After(key, descending, afterKey, afterId));
        }

        var ordered = descending
            ? query.AsNoTracking().OrderByDescending(key).ThenByDescending(e => e.Id)
            : query.AsNoTracking().OrderBy(key).ThenBy(e => e.Id);
        var rows = await ordered.Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var keyOf = key.Compile();
        return new Page<TResponse>(
            [.. page.Select(map)],
            rows.Count > limit ? KeysetCursor.Write(sortName, keyOf(page[^1]), page[^1].Id) : null);
    }

    /// <summary><c>key &lt; k OR (key = k AND id &lt; i)</c> (or the mirror image ascending), as SQL can use an index for.</summary>
    private static Expression<Func<TEntity, bool>> After<TEntity>(
        Expression<Func<TEntity, DateTimeOffset>> key, bool descending, DateTimeOffset afterKey, Guid afterId)
        where TEntity : class, IHasTimeOrderedId
    {
        var entity = key.Parameters[0];
        var keyValue = Expression.Constant(afterKey);
        var idComparison = Expression.Call(Expression.Property(entity, nameof(IHasTimeOrderedId.Id)), nameof(Guid.CompareTo), null, Expression.Constant(afterId));
        var beyond = descending ? Expression.LessThan(key.Body, keyValue) : Expression.GreaterThan(key.Body, keyValue);
        var tieBroken = descending ? Expression.LessThan(idComparison, Expression.Constant(0)) : Expression.GreaterThan(idComparison, Expression.Constant(0));
        return Expression.Lambda<Func<TEntity, bool>>(
            Expression.OrElse(beyond, Expression.AndAlso(Expression.Equal(key.Body, keyValue), tieBroken)), entity);
    }
}

/// <summary>The opaque cursor of a keyset page: sort name, key (UTC ticks) and id, base64url-encoded.</summary>
internal static class KeysetCursor
{
    public static string Write(string sortName, DateTimeOffset key, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sortName}|{key.UtcTicks}|{id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (DateTimeOffset Key, Guid Id) Read(string cursor, string sortName)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var parts = text.Split('|');
            if (parts.Length == 3 && long.TryParse(parts[1], out var ticks) && Guid.TryParseExact(parts[2], "N", out var id))
            {
                return parts[0] == sortName
                    ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
                    : throw new ValidationException("cursor", $"This cursor belongs to sort '{parts[0]}', not '{sortName}'; keep the sort while paging.");
            }
        }
        catch (FormatException)
        {
        }
        catch (ArgumentOutOfRangeException)
        {
        }

        throw new ValidationException("cursor", "The cursor is not one this API issued; use nextCursor from the previous page.");
    }
}
