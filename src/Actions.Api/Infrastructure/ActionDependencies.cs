using IncidentPlatform.Actions.Domain;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Infrastructure;

public static class ActionDependencies
{
    /// <summary>
    /// Checks that an item's dependencies are items of its org and that none of them already depends, directly or
    /// through others, on the item itself (422 naming the one that would close the cycle).
    /// </summary>
    public static async Task EnsureValidAsync(this ActionsDbContext db, Guid itemId, IReadOnlyList<Guid> dependsOn, CancellationToken cancellationToken)
    {
        if (dependsOn.Count == 0)
        {
            return;
        }

        var found = await db.ActionItems.Where(a => dependsOn.Contains(a.Id)).Select(a => new { a.Id, a.Title }).ToListAsync(cancellationToken);
        var missing = dependsOn.Except(found.Select(f => f.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new ValidationException("dependsOn", $"No action item {string.Join(", ", missing)} exists in your organization.", 422);
        }

        // Walks the org's dependency graph from each proposed dependency; UNION (not ALL) visits each item once per start, so it ends.
        var closing = await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE reach(start, id) AS (
                SELECT a.id, a.id FROM action_items a WHERE a.org_id = {db.CurrentOrgId} AND a.id = ANY({dependsOn.ToArray()})
                UNION
                SELECT r.start, next.id
                FROM reach r
                JOIN action_items a ON a.id = r.id AND a.org_id = {db.CurrentOrgId}
                CROSS JOIN LATERAL unnest(a.depends_on) AS next(id)
            )
            SELECT start AS "Value" FROM reach WHERE id = {itemId} LIMIT 1
            """).ToListAsync(cancellationToken);
        if (closing is [var start])
        {
            var title = found.Single(f => f.Id == start).Title;
            throw new ValidationException(
                "dependsOn", $"Depending on \"{title}\" ({start}) would make a cycle: it already depends, directly or through other items, on this one.", 422);
        }
    }
}
