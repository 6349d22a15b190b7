using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Actions.Apis;

/// <param name="CompletionRate">Share (0–1) of the items due in the period, and already due, done on or before their due date; null when none was due.</param>
/// <param name="Health">healthy (≥ 85 %), watch, or redFlag (&lt; 70 %); null when nothing was due.</param>
public sealed record CompletionResponse(string? Name, int DueItems, int CompletedOnTime, int OverdueNow, double? CompletionRate, string? Health)
{
    public const double Healthy = 0.85;
    public const double RedFlag = 0.70;

    public static CompletionResponse From(CompletionRow row)
    {
        double? rate = row.DueItems == 0 ? null : Math.Round((double)row.CompletedOnTime / row.DueItems, 4);
        var health = rate switch
        {
            null => null,
            >= Healthy => "healthy",
            < RedFlag => "redFlag",
            _ => "watch",
        };
        return new CompletionResponse(row.Name, row.DueItems, row.CompletedOnTime, row.OverdueNow, rate, health);
    }
}

/// <param name="TypeShare">Share (0–1) of prevent, detect and mitigate items among those created in the period.</param>
/// <param name="ByService">Completion per service the items name (an item naming two counts for both); with a service filter, that service alone.</param>
/// <param name="Effect">Per service with actions completed in the period (with a service filter, that service): incidents in the 90 days before its latest completion and since.</param>
public sealed record ActionMetricsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int ItemsCreated,
    double? ItemsPerReview,
    IReadOnlyDictionary<string, double> TypeShare,
    CompletionResponse Completion,
    int ItemsClosed,
    double? MedianDaysToClose,
    double? P90DaysToClose,
    IReadOnlyDictionary<string, int> OverdueByPriority,
    IReadOnlyList<CompletionResponse> ByService,
    IReadOnlyList<CompletionResponse> ByTeam,
    IReadOnlyList<RepeatEffectRow> Effect)
{
    public static ActionMetricsResponse Of(ActionMetricsScope scope, ActionMetricsRows rows)
    {
        double Share(int count) => rows.ItemsCreated == 0 ? 0 : Math.Round((double)count / rows.ItemsCreated, 4);
        return new ActionMetricsResponse(
            scope.From, scope.To, rows.ItemsCreated, rows.Reviews == 0 ? null : Math.Round((double)rows.ItemsCreated / rows.Reviews, 2),
            new Dictionary<string, double> { ["prevent"] = Share(rows.Prevent), ["detect"] = Share(rows.Detect), ["mitigate"] = Share(rows.Mitigate) },
            CompletionResponse.From(rows.Completion),
            rows.Closed, Round(rows.MedianDaysToClose), Round(rows.P90DaysToClose),
            Enum.GetValues<ActionPriority>().ToDictionary(p => p.ToString(), p => rows.OverdueByPriority.GetValueOrDefault(p.ToString())),
            [.. rows.ByService.Select(CompletionResponse.From)], [.. rows.ByTeam.Select(CompletionResponse.From)], rows.Effect);
    }

    private static double? Round(double? days) => days is { } value ? Math.Round(value, 1) : null;
}

public static class ActionMetricsApi
{
    public static RouteHandlerBuilder MapActionMetricsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/action-items/metrics", GetMetrics)
            .WithTags("Action metrics")
            .WithSummary("Completion within deadline (healthy ≥ 85 %, red flag < 70 %), time to close, overdue by priority, items per review, prevent/detect/mitigate share, per service and team, and whether repeat incidents went down.");

    public static async Task<Ok<ActionMetricsResponse>> GetMetrics(
        ActionsDbContext db,
        OrgContext org,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null,
        [FromQuery] DateTimeOffset? to = null,
        [FromQuery] string? service = null,
        [FromQuery] string? team = null,
        [FromQuery] string? priority = null)
    {
        var now = clock.GetUtcNow();
        var (since, until) = ReportingRange.Resolve(from, to, now);
        ActionPriority? onlyPriority = null;
        if (priority is not null)
        {
            onlyPriority = ActionPriorities.TryParse(priority, out var parsed)
                ? parsed
                : throw new ValidationException("priority", $"'{priority}' is not a priority; use {ActionPriorities.Expected}.");
        }

        var scope = new ActionMetricsScope(
            org.OrgId, since, until, DateOnly.FromDateTime(now.UtcDateTime), TextValues.TrimToNull(service), TextValues.TrimToNull(team), onlyPriority);
        return TypedResults.Ok(ActionMetricsResponse.Of(scope, await ActionMetricsQuery.RunAsync(db, scope, cancellationToken)));
    }
}
