using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Domain.Timeline;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>An incident's timeline: entries added one by one, edited (history kept), deleted, or imported in bulk.</summary>
public static class TimelineApi
{
    public static RouteGroupBuilder MapTimelineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents/{id:guid}/timeline").WithTags("Timeline");

        api.MapGet("/", GetTimeline).WithSummary("The incident's timeline, in time order.");
        api.MapGet("/{entryId:guid}", GetEntry).WithName(nameof(GetEntry)).WithSummary("One entry with its earlier versions (and its ETag).");
        api.MapPost("/", AddEntry).WithSummary("Add an entry; its kind is inferred from the text when not given.");
        api.MapPut("/{entryId:guid}", EditEntry).WithSummary("Change an entry (If-Match: its ETag); the previous version is kept.");
        api.MapDelete("/{entryId:guid}", DeleteEntry).WithSummary("Delete an entry (If-Match: its ETag).");
        api.MapPost("/import", ImportEntries)
            .WithSummary("Import chat/runbook `HH:MM text` lines or JSON lines; a dry run shows the inferred kinds and unreadable lines first.");
        return api;
    }

    public static async Task<Ok<TimelineResponse>> GetTimeline(
        Guid id, IncidentsDbContext db, CancellationToken cancellationToken, string? kind = null, bool keyMomentsOnly = false)
    {
        var incident = await FindIncidentAsync(db, id, cancellationToken);
        var query = db.TimelineEntries.AsNoTracking().Where(e => e.IncidentId == id);
        // Parsed here, not bound: the query string takes the JSON's camelCase names ("configChange").
        if (kind is not null && QueryValues.ParseEnum<TimelineEntryKind>("kind")(kind) is var entryKind)
        {
            query = query.Where(e => e.Kind == entryKind);
        }

        if (keyMomentsOnly)
        {
            query = query.Where(e => e.IsKeyMoment);
        }

        var entries = await query.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TimelineResponse(incident.Id, incident.Reference, [.. entries.Select(TimelineEntryResponse.From)]));
    }

    public static async Task<Ok<TimelineEntryResponse>> GetEntry(
        Guid id, Guid entryId, IncidentsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var entry = await FindEntryAsync(db, id, entryId, cancellationToken);
        response.Headers.ETag = ETags.For(entry.Version);
        return TypedResults.Ok(TimelineEntryResponse.From(entry));
    }

    public static async Task<CreatedAtRoute<TimelineEntryResponse>> AddEntry(
        Guid id, TimelineEntryRequest request, IncidentsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var incident = await FindIncidentAsync(db, id, cancellationToken);
        var now = clock.GetUtcNow();
        var author = http.User.GetPerson();
        var entry = TimelineEntry.Record(incident.OrgId, incident.Id, request.ToContent(), author, now);

        db.TimelineEntries.Add(entry);
        db.AddIntegrationEvents(IncidentEvents.TimelineChanged(incident, TimelineChange.Added, [entry], author, now));
        await db.SaveChangesAsync(cancellationToken);

        http.Response.Headers.ETag = ETags.For(entry.Version);
        return TypedResults.CreatedAtRoute(TimelineEntryResponse.From(entry), nameof(GetEntry), new { id, entryId = entry.Id });
    }

    public static async Task<Ok<TimelineEntryResponse>> EditEntry(
        Guid id, Guid entryId, TimelineEntryRequest request, IncidentsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var incident = await FindIncidentAsync(db, id, cancellationToken);
        var entry = await FindEntryAsync(db, id, entryId, cancellationToken);
        ETags.EnsureMatches(http.Request, entry.Version);

        var now = clock.GetUtcNow();
        var editor = http.User.GetPerson();
        var version = entry.Version;
        entry.Edit(request.ToContent(), editor, now);
        if (entry.Version != version)
        {
            db.AddIntegrationEvents(IncidentEvents.TimelineChanged(incident, TimelineChange.Edited, [entry], editor, now));
            await db.SaveChangesOrConflictAsync("The timeline entry", cancellationToken);
        }

        http.Response.Headers.ETag = ETags.For(entry.Version);
        return TypedResults.Ok(TimelineEntryResponse.From(entry));
    }

    public static async Task<NoContent> DeleteEntry(
        Guid id, Guid entryId, IncidentsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var incident = await FindIncidentAsync(db, id, cancellationToken);
        var entry = await FindEntryAsync(db, id, entryId, cancellationToken);
        ETags.EnsureMatches(http.Request, entry.Version);

        db.TimelineEntries.Remove(entry);
        db.AddIntegrationEvents(IncidentEvents.TimelineChanged(incident, TimelineChange.Deleted, [entry], http.User.GetPerson(), clock.GetUtcNow()));
        await db.SaveChangesOrConflictAsync("The timeline entry", cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TimelineImportResponse>, Created<TimelineImportResponse>>> ImportEntries(
        Guid id, TimelineImportRequest request, IncidentsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var incident = await FindIncidentAsync(db, id, cancellationToken);
        var lineCount = TimelineImport.CountLines(request.Content!);
        if (lineCount > TimelineImport.MaxLines)
        {
            throw new PayloadTooLargeException(
                $"An import takes at most {TimelineImport.MaxLines:N0} lines; this one has {lineCount:N0}. Split it into several imports.");
        }

        var now = clock.GetUtcNow();
        var author = http.User.GetPerson();
        var parsed = Parse(request);
        var problems = parsed.Unparsed.Select(u => new ImportLineProblem(u.LineNumber, $"lines[{u.LineNumber}]", u.Line, u.Reason)).ToList();

        var lines = parsed.Entries.Select(line => request.Kinds?.TryGetValue(line.LineNumber, out var kind) == true
            ? line with { Kind = kind, KindInferred = false }
            : line).ToList();
        problems.AddRange((request.Kinds?.Keys ?? []).Except(lines.Select(l => l.LineNumber))
            .Select(number => new ImportLineProblem(number, $"kinds[{number}]", null, $"Line {number} is not an entry of this import.")));

        var contents = lines.Select(line => (Line: line, Content: new TimelineEntryContent(line.OccurredAt, line.Kind, line.Text, line.Source, request.Knowledge, false))).ToList();
        problems.AddRange(contents.SelectMany(c => TimelineEntry.Validate(c.Content, now, $"lines[{c.Line.LineNumber}]")
            .Select(problem => new ImportLineProblem(c.Line.LineNumber, problem.Field, c.Line.Text, problem.Error))));
        problems = [.. problems.OrderBy(p => p.LineNumber)];

        if (request.DryRun)
        {
            return TypedResults.Ok(new TimelineImportResponse(false, lineCount, [.. lines.Select(l => Describe(l, null))], problems));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(
                problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()), 422);
        }

        if (lines.Count == 0)
        {
            throw new ValidationException("content", "There is nothing to import: every line is blank.", 422);
        }

        var entries = contents.Select(c => (c.Line, Entry: TimelineEntry.Record(incident.OrgId, incident.Id, c.Content, c.Line.Author ?? author, now))).ToList();
        // Up to 10,000 rows: COPY them, in the transaction that also saves the event.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.CopyAsync([.. entries.Select(e => e.Entry)], cancellationToken);
        db.AddIntegrationEvents(IncidentEvents.TimelineChanged(incident, TimelineChange.Imported, [.. entries.Select(e => e.Entry)], author, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return TypedResults.Created(
            $"/api/incidents/{id}/timeline",
            new TimelineImportResponse(true, lineCount, [.. entries.Select(e => Describe(e.Line, e.Entry.Id))], []));
    }

    private static TimelineImportResult Parse(TimelineImportRequest request)
    {
        if (request.Format == TimelineImportFormat.JsonLines)
        {
            return TimelineImport.ParseJsonLines(request.Content!, request.Source);
        }

        if (request.BaseDate is not { } baseDate)
        {
            throw new ValidationException("baseDate", "Text lines carry only a time of day: give the date of the first line (YYYY-MM-DD).");
        }

        TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrWhiteSpace(request.TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(request.TimeZone.Trim());
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ValidationException("timeZone", $"Unknown time zone '{request.TimeZone}'; use an IANA name such as Europe/Berlin or America/New_York.");
        }

        return TimelineImport.ParseText(request.Content!, baseDate, zone, request.Source);
    }

    private static ImportedLineResponse Describe(ImportedTimelineLine line, Guid? id) =>
        new(line.LineNumber, id, line.OccurredAt, line.Kind, line.KindInferred, line.Text, line.Source);

    private static async Task<Incident> FindIncidentAsync(IncidentsDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("incident", id);

    private static async Task<TimelineEntry> FindEntryAsync(IncidentsDbContext db, Guid incidentId, Guid entryId, CancellationToken cancellationToken) =>
        await db.TimelineEntries.SingleOrDefaultAsync(e => e.Id == entryId && e.IncidentId == incidentId, cancellationToken)
            ?? throw new NotFoundException("timeline entry", entryId);
}
