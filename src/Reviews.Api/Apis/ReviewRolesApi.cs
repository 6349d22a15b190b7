using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentPlatform.Reviews.Apis;

/// <summary>A person of the org: the Entra object id and the name to show.</summary>
public sealed record PersonRequest([Required, StringLength(64, MinimumLength = 1)] string? UserId, [Required, StringLength(200, MinimumLength = 1)] string? DisplayName)
{
    public PersonRef ToPerson() => new(UserId!.Trim(), DisplayName!.Trim());
}

/// <summary>Every seat of the review; an omitted seat is empty.</summary>
public sealed record ReviewRolesRequest(
    PersonRequest? Facilitator = null,
    PersonRequest? NoteTaker = null,
    PersonRequest? ServiceOwner = null,
    PersonRequest? EngineeringManager = null,
    List<PersonRequest>? Responders = null,
    List<PersonRequest>? SupportSeats = null,
    List<PersonRequest>? Stakeholders = null)
{
    public ReviewRoles ToRoles() => new(
        Facilitator?.ToPerson(), NoteTaker?.ToPerson(), ServiceOwner?.ToPerson(), EngineeringManager?.ToPerson(),
        Responders?.Select(p => p.ToPerson()).ToList(), SupportSeats?.Select(p => p.ToPerson()).ToList(), Stakeholders?.Select(p => p.ToPerson()).ToList());
}

public static class ReviewRolesApi
{
    public static RouteGroupBuilder MapReviewRolesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews/{id:guid}").WithTags("Review roles");

        api.MapPut("/roles", AssignRoles)
            .WithSummary("Seat the review's people (If-Match): a neutral facilitator (422 if they took part in the incident), note-taker, service owner, engineering manager, responders, support and stakeholders.")
            .WithRequestExample("The worked example's review", new
            {
                facilitator = new { userId = "7d1c5a10-0c1e-4e44-9a55-2f8d5b1c0a11", displayName = "Priya Natarajan" },
                noteTaker = new { userId = "2b4e6f80-1a3c-4d5e-8f70-9b1a2c3d4e5f", displayName = "Sam Okafor" },
                serviceOwner = new { userId = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f", displayName = "Lena Fischer" },
                responders = new[] { new { userId = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", displayName = "Jordan Lee" } },
            });
        return api;
    }

    public static Task<Ok<ReviewResponse>> AssignRoles(Guid id, ReviewRolesRequest request, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) => review.AssignRoles(request.ToRoles(), now), cancellationToken);
}
