using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain.Timeline;

namespace IncidentPlatform.Incidents.Apis;

/// <param name="OccurredAt">When it happened (UTC ISO-8601); may be before the incident began, never in the future.</param>
/// <param name="Kind">Inferred from the text when omitted.</param>
/// <param name="Knowledge">Known to responders at the time (default), or learned later.</param>
public sealed record TimelineEntryRequest(
    [Required] DateTimeOffset? OccurredAt,
    [Required] string? Text,
    TimelineEntryKind? Kind = null,
    string? Source = null,
    TimelineKnowledge Knowledge = TimelineKnowledge.KnownAtTheTime,
    bool IsKeyMoment = false)
{
    public TimelineEntryContent ToContent() =>
        new(OccurredAt!.Value, Kind ?? TimelineKindClassifier.Classify(Text!), Text!, Source, Knowledge, IsKeyMoment);
}

/// <param name="Format"><c>text</c>: <c>HH:MM text</c> lines (needs <c>baseDate</c>, and <c>timeZone</c> unless UTC); <c>jsonLines</c>: one JSON object per line.</param>
/// <param name="Content">The lines, as pasted or exported; at most 10,000.</param>
/// <param name="BaseDate">The day the first <c>HH:MM</c> line falls on, in <c>timeZone</c>.</param>
/// <param name="TimeZone">IANA time zone of the wall-clock times, e.g. <c>Europe/Berlin</c>; UTC when omitted.</param>
/// <param name="Source">Where the lines come from, e.g. <c>slack #inc-checkout</c>.</param>
/// <param name="DryRun">Only parse and report: the entries with their inferred kinds and the lines that could not be read.</param>
/// <param name="Kinds">Corrections of inferred kinds, by line number.</param>
public sealed record TimelineImportRequest(
    [Required] TimelineImportFormat? Format,
    [Required] string? Content,
    DateOnly? BaseDate = null,
    string? TimeZone = null,
    string? Source = null,
    TimelineKnowledge Knowledge = TimelineKnowledge.KnownAtTheTime,
    bool DryRun = false,
    IReadOnlyDictionary<int, TimelineEntryKind>? Kinds = null);

public sealed record TimelineEntryResponse(
    Guid Id,
    Guid IncidentId,
    DateTimeOffset OccurredAt,
    TimelineEntryKind Kind,
    string Text,
    string? Source,
    TimelineKnowledge Knowledge,
    bool IsKeyMoment,
    PersonRef Author,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    IReadOnlyList<TimelineEntryRevision> Revisions)
{
    public static TimelineEntryResponse From(TimelineEntry entry) => new(
        entry.Id, entry.IncidentId, entry.OccurredAt, entry.Kind, entry.Text, entry.Source, entry.Knowledge, entry.IsKeyMoment,
        entry.Author, entry.CreatedAt, entry.UpdatedAt, entry.Version, entry.Revisions);
}

public sealed record TimelineResponse(Guid IncidentId, string Reference, IReadOnlyList<TimelineEntryResponse> Entries);

/// <summary>What an import read (a dry run) or saved; a dry run also lists every line it could not take, and why.</summary>
public sealed record TimelineImportResponse(
    bool Saved,
    int LineCount,
    IReadOnlyList<ImportedLineResponse> Entries,
    IReadOnlyList<ImportLineProblem> Problems);

/// <summary>A line an import could not take: unreadable, or readable but invalid (e.g. in the future).</summary>
public sealed record ImportLineProblem(int LineNumber, string Field, string? Line, string Reason);

public sealed record ImportedLineResponse(int LineNumber, Guid? Id, DateTimeOffset OccurredAt, TimelineEntryKind Kind, bool KindInferred, string Text, string? Source);
