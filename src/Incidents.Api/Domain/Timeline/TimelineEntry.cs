using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Incidents.Domain.Timeline;

/// <summary>What an entry says; the same shape for adding, editing and importing.</summary>
public sealed record TimelineEntryContent(
    DateTimeOffset OccurredAt,
    TimelineEntryKind Kind,
    string Text,
    string? Source,
    TimelineKnowledge Knowledge,
    bool IsKeyMoment);

/// <summary>An earlier version of an entry, kept when it is edited.</summary>
public sealed record TimelineEntryRevision(int Version, TimelineEntryContent Content, PersonRef ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// One moment of an incident's timeline. Times may lie before the incident began (the config change that
/// set it up) but not in the future. Edits keep the previous versions, so the record of who said what stays.
/// </summary>
public sealed class TimelineEntry : IOrgOwned, IHasTimeOrderedId
{
    public const int TextMaxLength = 2000;
    public const int SourceMaxLength = 100;

    private TimelineEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid IncidentId { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public TimelineEntryKind Kind { get; private set; }

    public string Text { get; private set; } = "";

    public string? Source { get; private set; }

    public TimelineKnowledge Knowledge { get; private set; }

    public bool IsKeyMoment { get; private set; }

    public PersonRef Author { get; private set; } = null!;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public List<TimelineEntryRevision> Revisions { get; private set; } = [];

    public TimelineEntryContent Content => new(OccurredAt, Kind, Text, Source, Knowledge, IsKeyMoment);

    /// <summary>Checks an entry's content; <paramref name="field"/> prefixes the error keys (e.g. <c>lines[7]</c>).</summary>
    public static IEnumerable<(string Field, string Error)> Validate(TimelineEntryContent content, DateTimeOffset now, string? field = null)
    {
        string Key(string name) => field is null ? name : $"{field}.{name}";
        var text = content.Text.Trim();
        if (text.Length == 0)
        {
            yield return (Key("text"), "The text of an entry is required.");
        }
        else if (text.Length > TextMaxLength)
        {
            yield return (Key("text"), $"An entry's text has at most {TextMaxLength} characters; this one has {text.Length}.");
        }

        if (content.Source?.Trim().Length > SourceMaxLength)
        {
            yield return (Key("source"), $"A source has at most {SourceMaxLength} characters.");
        }

        if (content.OccurredAt > now + Incident.AllowedClockSkew)
        {
            yield return (Key("occurredAt"), $"{content.OccurredAt:u} is in the future; a timeline records what has happened.");
        }

        if (!Enum.IsDefined(content.Kind))
        {
            yield return (Key("kind"), "Unknown kind.");
        }
    }

    public static TimelineEntry Record(Guid orgId, Guid incidentId, TimelineEntryContent content, PersonRef author, DateTimeOffset now)
    {
        ThrowIfInvalid(content, now);
        var entry = new TimelineEntry
        {
            Id = Guid.CreateVersion7(),
            OrgId = orgId,
            IncidentId = incidentId,
            // Owned values are tracked by reference: entries imported together must not share one instance.
            Author = author with { },
            CreatedAt = now,
            Version = 1,
        };
        entry.Apply(content, now);
        return entry;
    }

    /// <summary>Changes the entry; the version it replaces is kept in <see cref="Revisions"/>.</summary>
    public void Edit(TimelineEntryContent content, PersonRef editor, DateTimeOffset now)
    {
        ThrowIfInvalid(content, now);
        if (Normalize(content) == Content)
        {
            return;
        }

        Revisions.Add(new TimelineEntryRevision(Version, Content, editor, now));
        Apply(content, now);
        Version++;
    }

    private void Apply(TimelineEntryContent content, DateTimeOffset now)
    {
        var normalized = Normalize(content);
        OccurredAt = normalized.OccurredAt;
        Kind = normalized.Kind;
        Text = normalized.Text;
        Source = normalized.Source;
        Knowledge = normalized.Knowledge;
        IsKeyMoment = normalized.IsKeyMoment;
        UpdatedAt = now;
    }

    private static TimelineEntryContent Normalize(TimelineEntryContent content) => content with
    {
        OccurredAt = content.OccurredAt.ToUniversalTime(),
        Text = content.Text.Trim(),
        Source = string.IsNullOrWhiteSpace(content.Source) ? null : content.Source.Trim(),
    };

    private static void ThrowIfInvalid(TimelineEntryContent content, DateTimeOffset now)
    {
        var errors = Validate(content, now).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());
        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }
    }
}
