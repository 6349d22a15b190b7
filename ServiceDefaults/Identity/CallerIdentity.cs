using System.Security.Claims;
using IncidentPlatform.Contracts;
using Microsoft.Identity.Web;

namespace IncidentPlatform.ServiceDefaults.Identity;

/// <summary>Reads who the caller is from an Entra-shaped token (<c>tid</c>, <c>oid</c>, <c>name</c>).</summary>
public static class CallerIdentity
{
    public static Guid? GetOrgId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.GetTenantId(), out var orgId) && orgId != Guid.Empty ? orgId : null;

    public static PersonRef GetPerson(this ClaimsPrincipal user)
    {
        var userId = user.GetObjectId() ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var name = user.FindFirstValue("name") ?? user.GetDisplayName() ?? userId;
        return new PersonRef(userId, name);
    }
}
