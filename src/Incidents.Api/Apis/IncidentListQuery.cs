using System.Linq.Expressions;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>
/// The incident list's query string: the shared filters, plus status, tag, lead, a start-time window, full-text
/// search over title, summary and timeline, a sort and a cursor.
/// </summary>
public sealed record IncidentListQuery(
    [FromQuery(Name = "status")] string[]? Status,
    [FromQuery(Name = "tag")] string[]? Tag,
    [FromQuery(Name = "lead")] string? Lead,
    [FromQuery(Name = "startedFrom")] DateTimeOffset? StartedFrom,
    [FromQuery(Name = "startedTo")] DateTimeOffset? StartedTo,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "cursor")] string? Cursor)
{
    public const int SearchMaxLength = 200;

    /// <summary>The sorts offered: newest declared first (the default), by when incidents started, or by last change.</summary>
    private static readonly Dictionary<string, (Expression<Func<Incident, DateTimeOffset>> Key, bool Descending)> Sorts = new(StringComparer.Ordinal)
    {
        ["-createdAt"] = (i => i.CreatedAt, true),
        ["createdAt"] = (i => i.CreatedAt, false),
        ["-startedAt"] = (i => i.StartedAt, true),
        ["startedAt"] = (i => i.StartedAt, false),
        ["-updatedAt"] = (i => i.UpdatedAt, true),
        ["updatedAt"] = (i => i.UpdatedAt, false),
    };

    public Task<Page<IncidentResponse>> RunAsync(IncidentsDbContext db, IncidentFilters filters, CancellationToken cancellationToken)
    {
        var sortName = Sort ?? "-createdAt";
        if (!Sorts.TryGetValue(sortName, out var sort))
        {
            throw new ValidationException("sort", $"'{sortName}' is not a sort; use one of {string.Join(", ", Sorts.Keys)}.");
        }

        return Filter(db, filters).ToKeysetPageAsync(sortName, sort.Key, sort.Descending, Limit ?? 50, Cursor, IncidentResponse.From, cancellationToken);
    }

    private IQueryable<Incident> Filter(IncidentsDbContext db, IncidentFilters filters)
    {
        var query = db.Incidents.AsQueryable();
        if (filters.Severities() is { Length: > 0 } severities)
        {
            query = query.Where(i => severities.Contains(i.Severity));
        }

        if (filters.Kinds() is { Length: > 0 } kinds)
        {
            query = query.Where(i => i.Kind != null && kinds.Contains(i.Kind.Value));
        }

        if (filters.Services() is { Length: > 0 } services)
        {
            query = query.Where(i => i.Services.Any(s => services.Contains(s)));
        }

        if ((Status ?? []).Select(QueryValues.ParseEnum<IncidentStatus>("status")).ToArray() is { Length: > 0 } statuses)
        {
            query = query.Where(i => statuses.Contains(i.Status));
        }

        if ((Tag ?? []).Select(t => t.Trim().ToLowerInvariant()).ToArray() is { Length: > 0 } tags)
        {
            query = query.Where(i => i.Tags.Any(t => tags.Contains(t)));
        }

        if (!string.IsNullOrWhiteSpace(Lead))
        {
            query = query.Where(i => i.IncidentLead.UserId == Lead);
        }

        if (StartedFrom is { } from && StartedTo is { } to && to <= from)
        {
            throw new ValidationException("startedTo", "startedTo must be after startedFrom.");
        }

        if (StartedFrom is { } startedFrom)
        {
            query = query.Where(i => i.StartedAt >= startedFrom);
        }

        if (StartedTo is { } startedTo)
        {
            query = query.Where(i => i.StartedAt < startedTo);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            if (Q.Length > SearchMaxLength)
            {
                throw new ValidationException("q", $"A search has at most {SearchMaxLength} characters.");
            }

            // Web-search syntax: words, "quoted phrases", or, -excluded. A match in any timeline entry counts.
            var search = Q.Trim();
            query = query.Where(i =>
                EF.Property<NpgsqlTsVector>(i, IncidentsDbContext.SearchVector).Matches(EF.Functions.WebSearchToTsQuery(IncidentsDbContext.SearchLanguage, search))
                || db.TimelineEntries.Any(e => e.IncidentId == i.Id
                    && EF.Property<NpgsqlTsVector>(e, IncidentsDbContext.SearchVector).Matches(EF.Functions.WebSearchToTsQuery(IncidentsDbContext.SearchLanguage, search))));
        }

        return query;
    }
}
