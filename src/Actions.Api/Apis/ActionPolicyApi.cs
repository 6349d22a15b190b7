using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentPlatform.Actions.Apis;

/// <summary>An org's follow-up policy: the SLO of each priority, when owners are reminded, who overdue P1s escalate to.</summary>
public static class ActionPolicyApi
{
    public static RouteGroupBuilder MapActionPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/action-items/policy").WithTags("Action policy");

        api.MapGet("/", GetPolicy).WithSummary("The org's SLO per priority (default P1 ≤ 8 weeks, P2 ≤ 12, P3 ≤ 26), reminder days and escalation contact.");
        api.MapPut("/", ChangePolicy).WithSummary("Replace the policy (If-Match: its ETag); bounds keep it sane (P1 ≤ 12 weeks, P1 ≤ P2 ≤ P3).")
            .WithRequestExample("Stricter P1s", new { p1Weeks = 6, p2Weeks = 12, p3Weeks = 26, reminderDays = 5, escalationContact = new { userId = "em-oid", displayName = "Dana (EM)" } });
        return api;
    }

    public static async Task<Ok<ActionPolicyResponse>> GetPolicy(ActionsDbContext db, OrgContext org, HttpResponse response, CancellationToken cancellationToken)
    {
        var (policy, isDefault) = await db.PolicyOfAsync(org.OrgId, cancellationToken);
        response.Headers.ETag = ETags.For(policy.Version);
        return TypedResults.Ok(new ActionPolicyResponse(policy.Settings, isDefault, policy.UpdatedAt, policy.UpdatedBy));
    }

    public static async Task<Ok<ActionPolicyResponse>> ChangePolicy(
        ActionPolicyRequest request, ActionsDbContext db, OrgContext org, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (policy, isDefault) = await db.PolicyOfAsync(org.OrgId, cancellationToken);
        ETags.EnsureMatches(http.Request, policy.Version);
        if (policy.Change(request.ToSettings(), http.User.GetPerson(), clock.GetUtcNow()))
        {
            if (isDefault)
            {
                db.Policies.Add(policy);
            }

            await db.SaveChangesOrConflictAsync("The org's action policy", cancellationToken);
            isDefault = false;
        }

        http.Response.Headers.ETag = ETags.For(policy.Version);
        return TypedResults.Ok(new ActionPolicyResponse(policy.Settings, isDefault, policy.UpdatedAt, policy.UpdatedBy));
    }
}
