using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>The org's response metrics over a date range: how often, how bad, and how fast it detects and recovers.</summary>
public static class IncidentMetricsApi
{
    public static RouteHandlerBuilder MapIncidentMetricsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/incidents/metrics", GetMetrics)
            .WithTags("Incidents")
            .WithSummary("Org metrics for incidents started in [from, to): counts, MTTD/MTTA/MTTM/MTTR (mean, median, p90), frequency by week or month, severity, kind and service.");

    public static async Task<Ok<IncidentMetricsResponse>> GetMetrics(
        [AsParameters] IncidentFilters filters,
        IncidentsDbContext db,
        IncidentMetricSegments segments,
        OrgContext org,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null,
        [FromQuery] DateTimeOffset? to = null,
        [FromQuery] string? interval = null)
    {
        var (since, until) = ReportingRange.Resolve(from, to, clock.GetUtcNow());

        var period = (interval ?? "week") switch
        {
            "week" => "week",
            "month" => "month",
            var other => throw new ValidationException("interval", $"'{other}' is not an interval; use week or month."),
        };

        var scope = new MetricsScope(
            org.OrgId, since, until,
            [.. filters.Severities().Select(s => s.ToString())],
            [.. filters.Kinds().Select(k => k.ToString())],
            filters.Services());
        var rows = await IncidentMetricsQuery.RunAsync(db, segments, scope, period, cancellationToken);
        return TypedResults.Ok(IncidentMetricsResponse.Of(scope, period, rows));
    }
}
