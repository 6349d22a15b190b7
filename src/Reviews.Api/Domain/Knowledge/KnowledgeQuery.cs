using System.Globalization;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Reviews.Domain.Knowledge;

/// <summary>
/// A knowledge-base search as checked from the query string: words in web-search syntax ("quoted phrases", or,
/// -excluded), filters that all apply, and a page of the ranked results. Bad input is a 400 naming each field.
/// </summary>
public sealed record KnowledgeQuery(
    string? Text,
    string? Service,
    Severity? Severity,
    string? Tag,
    string? FactorCategory,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    int Offset)
{
    public const int MaxTextLength = 500;
    public const int MaxLimit = 50;
    public const int DefaultLimit = 20;
    public const int MaxOffset = 1_000;

    /// <summary>
    /// How far a search with words pages: it ranks the newest matches and the newest whose title, keywords or factors
    /// match (see <c>KnowledgeSearch</c>), so its pages end here; narrowing the search reaches older reviews.
    /// </summary>
    public const int MaxRankedResults = 500;

    public static readonly IReadOnlyList<string> FactorCategoryNames =
        [.. Enum.GetValues<FactorCategory>().Select(c => JsonNamingPolicy.CamelCase.ConvertName(c.ToString()))];

    public static KnowledgeQuery Parse(
        string? q, string? service, string? severity, string? tag, string? factorCategory, string? from, string? to, int? limit, int? offset)
    {
        var errors = new Dictionary<string, string[]>();
        var text = TextValues.TrimToNull(q);
        if (text?.Length > MaxTextLength)
        {
            errors["q"] = [$"Search for at most {MaxTextLength} characters."];
        }

        Severity? severityFilter = null;
        if (severity is not null)
        {
            if (SeverityNames.TryParse(severity, out var parsed))
            {
                severityFilter = parsed;
            }
            else
            {
                errors["severity"] = [$"'{severity}' is not a severity; use SEV1–SEV4 or P1–P4."];
            }
        }

        if (factorCategory is not null && !FactorCategoryNames.Contains(factorCategory))
        {
            errors["factorCategory"] = [$"'{factorCategory}' is not a factor category; use one of {string.Join(", ", FactorCategoryNames)}."];
        }

        var (fromAt, toAt) = Range(from, to, errors);

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Use 1 to {MaxLimit}."];
        }

        if (offset is < 0 or > MaxOffset)
        {
            errors["offset"] = [$"Use 0 to {MaxOffset}; narrow the search to go further."];
        }
        else if (text is not null && limit is null or (>= 1 and <= MaxLimit) && (offset ?? 0) + (limit ?? DefaultLimit) > MaxRankedResults)
        {
            errors["offset"] = [$"A search with words shows its best {MaxRankedResults} results: keep offset + limit at most {MaxRankedResults}, or narrow the search to go further."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return new KnowledgeQuery(text, TextValues.TrimToNull(service), severityFilter, TextValues.TrimToNull(tag), factorCategory, fromAt, toAt, limit ?? DefaultLimit, offset ?? 0);
    }

    /// <summary>A range of incident starts alone (for counts over time): the same dates and the same 400s as a search's.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) ParseRange(string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var range = Range(from, to, errors);
        return errors.Count > 0 ? throw new ValidationException(errors) : range;
    }

    private static (DateTimeOffset? From, DateTimeOffset? To) Range(string? from, string? to, Dictionary<string, string[]> errors)
    {
        var fromAt = Instant(from, "from", errors);
        var toAt = Instant(to, "to", errors);
        if (fromAt > toAt)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        return (fromAt, toAt);
    }

    /// <summary>A date (<c>2025-06-01</c>, the start of that UTC day) or an instant with its offset.</summary>
    private static DateTimeOffset? Instant(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            && (value.EndsWith('Z') || value.Contains('+') || value.LastIndexOf('-') > 9))
        {
            return instant.ToUniversalTime();
        }

        errors[field] = [$"'{value}' is not a date (2025-06-01) or a UTC instant (2025-06-01T08:00:00Z)."];
        return null;
    }
}
