using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Domain.Knowledge;

/// <summary>
/// A published review as the knowledge base indexes it: the latest published version's words (weighted: title and
/// keywords first, then the summary and contributing factors, then the rest of the analysis) and what it can be
/// filtered by. Written in the publishing transaction, so the knowledge base never lags the reports.
/// </summary>
public sealed class KnowledgeEntry : IOrgOwned
{
    /// <summary>The stored, generated tsvector column (not a property: only SQL reads it).</summary>
    public const string SearchVectorColumn = "search_vector";

    /// <summary>The title, keywords and factors' vector, small enough to rank every match by (not a property either).</summary>
    public const string HeadVectorColumn = "head_vector";

    private KnowledgeEntry()
    {
    }

    public Guid ReviewId { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid IncidentId { get; private set; }

    public string IncidentReference { get; private set; } = "";

    public string Title { get; private set; } = "";

    public Severity Severity { get; private set; }

    public List<string> Services { get; private set; } = [];

    public List<string> Tags { get; private set; } = [];

    /// <summary>The contributing factors' categories, camelCase as in the API.</summary>
    public List<string> FactorCategories { get; private set; } = [];

    /// <summary>Services, tags and the incident reference, searched with the title.</summary>
    public string Keywords { get; private set; } = "";

    public string Summary { get; private set; } = "";

    /// <summary>The contributing factors' descriptions, one per line.</summary>
    public string Factors { get; private set; } = "";

    /// <summary>The rest of the analysis: 5 whys, human context, went well/poorly, luck, response evaluation, lessons.</summary>
    public string Body { get; private set; } = "";

    public DateTimeOffset IncidentStartedAt { get; private set; }

    public int Version { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    public static KnowledgeEntry Of(Review review, DateTimeOffset publishedAt)
    {
        var entry = new KnowledgeEntry { ReviewId = review.Id, OrgId = review.OrgId, IncidentId = review.IncidentId };
        entry.Refresh(review, publishedAt);
        return entry;
    }

    /// <summary>Takes the words of the version just published.</summary>
    public void Refresh(Review review, DateTimeOffset publishedAt)
    {
        var analysis = review.Analysis;
        var factors = analysis.ContributingFactors ?? [];
        IncidentReference = review.IncidentReference;
        Title = WithoutMarks(review.IncidentTitle);
        Severity = review.Severity;
        Services = [.. review.Services];
        Tags = [.. review.Tags];
        FactorCategories = [.. factors.Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.Category.ToString())).Distinct().Order(StringComparer.Ordinal)];
        Keywords = string.Join(' ', [review.IncidentReference, .. review.Services, .. review.Tags]);
        Summary = WithoutMarks(analysis.Summary ?? "");
        Factors = WithoutMarks(string.Join('\n', factors.Select(f => f.Description)));
        Body = WithoutMarks(string.Join('\n', analysis.Texts()
            .Where(t => t.Field != "summary" && !t.Field.StartsWith("contributingFactors", StringComparison.Ordinal))
            .Select(t => t.Text)));
        IncidentStartedAt = review.IncidentStartedAt;
        Version = review.PublishedVersion;
        PublishedAt = publishedAt;
    }

    /// <summary>Drops the control characters search highlights are marked with, so no text can forge a mark.</summary>
    private static string WithoutMarks(string text) =>
        text.AsSpan().IndexOfAny(SearchHighlight.StartMark, SearchHighlight.StopMark, SearchHighlight.FragmentBreak) < 0
            ? text
            : string.Concat(text.Where(c => c is not (SearchHighlight.StartMark or SearchHighlight.StopMark or SearchHighlight.FragmentBreak)));
}
