using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Incidents.Domain.Timeline;

/// <summary>A line an import understood, with the kind it guessed (or was told).</summary>
public sealed record ImportedTimelineLine(int LineNumber, DateTimeOffset OccurredAt, TimelineEntryKind Kind, bool KindInferred, string Text, string? Source, PersonRef? Author);

/// <summary>A line an import could not understand, and why; reported, never dropped.</summary>
public sealed record UnparsedTimelineLine(int LineNumber, string Line, string Reason);

public sealed record TimelineImportResult(IReadOnlyList<ImportedTimelineLine> Entries, IReadOnlyList<UnparsedTimelineLine> Unparsed);

public enum TimelineImportFormat
{
    /// <summary><c>HH:MM text</c> lines from a chat export or runbook log, on a base date in a time zone.</summary>
    Text,

    /// <summary>One JSON object per line, as alerting and deploy tools emit them.</summary>
    JsonLines,
}

/// <summary>Turns pasted or exported logs into timeline entries, line by line.</summary>
public static partial class TimelineImport
{
    public const int MaxLines = 10_000;
    private const int MaxEchoedLineLength = 200;

    /// <summary>
    /// Reads <c>HH:MM text</c> (or <c>HH:MM:SS</c>, <c>[HH:MM]</c>, <c>- HH:MM - text</c>) lines. Times are wall-clock
    /// times in <paramref name="timeZone"/> on <paramref name="baseDate"/>; a time more than 12 hours earlier
    /// than the line before it means the log crossed midnight. Blank lines are skipped.
    /// </summary>
    public static TimelineImportResult ParseText(string content, DateOnly baseDate, TimeZoneInfo timeZone, string? source)
    {
        var entries = new List<ImportedTimelineLine>();
        var unparsed = new List<UnparsedTimelineLine>();
        var day = baseDate;
        TimeOnly? previous = null;

        foreach (var (number, line) in Lines(content))
        {
            var match = TextLine().Match(line);
            if (!match.Success)
            {
                unparsed.Add(Unparsed(number, line, "Expected a line starting with a time, like \"14:27 Alert: checkout error rate > 1%\"."));
                continue;
            }

            var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture);
            var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
            if (hour > 23 || minute > 59 || second > 59)
            {
                unparsed.Add(Unparsed(number, line, $"{match.Groups["time"].Value} is not a time of day."));
                continue;
            }

            var time = new TimeOnly(hour, minute, second);
            if (previous is { } before && time < before && (before - time) > TimeSpan.FromHours(12))
            {
                day = day.AddDays(1);
            }

            previous = time;
            var local = day.ToDateTime(time, DateTimeKind.Unspecified);
            if (timeZone.IsInvalidTime(local))
            {
                unparsed.Add(Unparsed(number, line, $"{local:yyyy-MM-dd HH:mm} does not exist in {timeZone.Id} (the clocks skipped it)."));
                continue;
            }

            var text = match.Groups["text"].Value.Trim();
            var at = new DateTimeOffset(local, timeZone.GetUtcOffset(local)).ToUniversalTime();
            entries.Add(new ImportedTimelineLine(number, at, TimelineKindClassifier.Classify(text), true, text, source, null));
        }

        return new TimelineImportResult(entries, unparsed);
    }

    /// <summary>
    /// Reads one JSON object per line: a time (<c>time</c>, <c>timestamp</c>, <c>at</c> or <c>occurredAt</c>: ISO-8601
    /// with an offset, or Unix epoch seconds/milliseconds), a text (<c>text</c>, <c>message</c> or <c>summary</c>), and
    /// optionally <c>kind</c>, <c>source</c> and <c>author</c>.
    /// </summary>
    public static TimelineImportResult ParseJsonLines(string content, string? defaultSource)
    {
        var entries = new List<ImportedTimelineLine>();
        var unparsed = new List<UnparsedTimelineLine>();
        foreach (var (number, line) in Lines(content))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException exception)
            {
                unparsed.Add(Unparsed(number, line, $"Not valid JSON: {exception.Message.Split(" LineNumber:")[0]}"));
                continue;
            }

            using (document)
            {
                if (ReadJsonLine(document.RootElement, defaultSource, out var reason) is { } parsed)
                {
                    entries.Add(parsed with { LineNumber = number });
                }
                else
                {
                    unparsed.Add(Unparsed(number, line, reason!));
                }
            }
        }

        return new TimelineImportResult(entries, unparsed);
    }

    /// <summary>Counts the lines of <paramref name="content"/> without splitting it (to refuse an oversized import early).</summary>
    public static int CountLines(string content) => content.Length == 0 ? 0 : content.AsSpan().Count('\n') + (content.EndsWith('\n') ? 0 : 1);

    private static ImportedTimelineLine? ReadJsonLine(JsonElement root, string? defaultSource, out string? reason)
    {
        reason = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = "Expected a JSON object.";
            return null;
        }

        if (FirstProperty(root, "time", "timestamp", "at", "occurredAt") is not { } time)
        {
            reason = "No time: expected \"time\", \"timestamp\", \"at\" or \"occurredAt\".";
            return null;
        }

        if (ReadInstant(time) is not { } at)
        {
            reason = "The time must be ISO-8601 with an offset (2024-03-15T14:27:00Z) or Unix epoch seconds or milliseconds.";
            return null;
        }

        if (FirstProperty(root, "text", "message", "summary") is not { ValueKind: JsonValueKind.String } textElement
            || textElement.GetString()!.Trim() is not { Length: > 0 } text)
        {
            reason = "No text: expected a non-empty \"text\", \"message\" or \"summary\".";
            return null;
        }

        var kind = TimelineKindClassifier.Classify(text);
        var inferred = true;
        if (FirstProperty(root, "kind") is { } kindElement)
        {
            if (kindElement.ValueKind != JsonValueKind.String || !TryParseKind(kindElement.GetString()!, out kind))
            {
                reason = $"Unknown kind {kindElement.GetRawText()}; kinds are {string.Join(", ", KindNames)}.";
                return null;
            }

            inferred = false;
        }

        var source = FirstProperty(root, "source", "tool") is { ValueKind: JsonValueKind.String } sourceElement ? sourceElement.GetString() : defaultSource;
        var author = FirstProperty(root, "author", "user") is { ValueKind: JsonValueKind.String } authorElement && authorElement.GetString() is { Length: > 0 } name
            ? new PersonRef(name, name)
            : null;
        return new ImportedTimelineLine(0, at, kind, inferred, text, source, author);
    }

    public static IReadOnlyList<string> KindNames { get; } =
        [.. Enum.GetValues<TimelineEntryKind>().Select(kind => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()))];

    public static bool TryParseKind(string name, out TimelineEntryKind kind)
    {
        var index = KindNames.ToList().FindIndex(known => string.Equals(known, name.Trim(), StringComparison.OrdinalIgnoreCase));
        kind = index >= 0 ? (TimelineEntryKind)index : default;
        return index >= 0;
    }

    private static DateTimeOffset? ReadInstant(JsonElement time)
    {
        switch (time.ValueKind)
        {
            case JsonValueKind.String when DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                && HasOffset(time.GetString()!):
                return parsed.ToUniversalTime();
            case JsonValueKind.Number when time.TryGetInt64(out var epoch):
                // Seconds until the year 5138; anything larger is milliseconds.
                return epoch < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.FromUnixTimeMilliseconds(epoch);
            default:
                return null;
        }
    }

    private static bool HasOffset(string value) => OffsetSuffix().IsMatch(value.Trim());

    private static JsonElement? FirstProperty(JsonElement root, params string[] names)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (names.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static IEnumerable<(int Number, string Line)> Lines(string content)
    {
        var number = 0;
        foreach (var raw in content.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (number, line);
            }
        }
    }

    private static UnparsedTimelineLine Unparsed(int number, string line, string reason) =>
        new(number, line.Length > MaxEchoedLineLength ? line[..MaxEchoedLineLength] + "…" : line, reason);

    [GeneratedRegex(@"^\s*(?:[-*•]\s+)?\[?(?<time>(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)\]?(?:\s*(?:UTC|Z))?\s*(?:[-–—|:]\s*)?(?<text>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TextLine();

    [GeneratedRegex(@"(?:Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffsetSuffix();
}
