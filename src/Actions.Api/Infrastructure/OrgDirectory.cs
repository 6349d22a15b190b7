using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Infrastructure;

/// <summary>The people the service has seen act for each org, so an owner from another org is refused.</summary>
public static class OrgDirectory
{
    /// <summary>Records the caller as a person of their org (once; later calls change nothing).</summary>
    public static Task RememberAsync(this ActionsDbContext db, Guid orgId, PersonRef person, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO org_people (user_id, org_id, display_name, first_seen_at) VALUES ({person.UserId}, {orgId}, {person.DisplayName}, {now})
            ON CONFLICT (user_id) DO NOTHING
            """, cancellationToken);

    /// <summary>422 when the owner is a person seen acting for another org. The message does not say which: that is not this org's business.</summary>
    public static async Task EnsureOwnerIsOfOrgAsync(this ActionsDbContext db, Guid orgId, PersonRef owner, CancellationToken cancellationToken)
    {
        var ownerOrg = await db.People.IgnoreQueryFilters()
            .Where(p => p.UserId == owner.UserId)
            .Select(p => (Guid?)p.OrgId)
            .SingleOrDefaultAsync(cancellationToken);
        if (ownerOrg is { } org && org != orgId)
        {
            throw new ValidationException("owner.userId", $"No person with id '{owner.UserId}' belongs to your organization.", 422);
        }
    }
}
