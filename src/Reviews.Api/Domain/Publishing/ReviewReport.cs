using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Timeline;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Domain.Publishing;

/// <summary>
/// One published version of a review's report: immutable once written, the same for every audience (no separate
/// leadership copy). Rendered once, at publication, to Markdown, HTML and JSON.
/// </summary>
public sealed class ReviewReport : IOrgOwned
{
    private ReviewReport()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid ReviewId { get; private set; }

    public int Version { get; private set; }

    public string? ChangeNote { get; private set; }

    public PersonRef PublishedBy { get; private set; } = null!;

    public DateTimeOffset PublishedAt { get; private set; }

    public string Markdown { get; private set; } = "";

    public string Html { get; private set; } = "";

    public string Json { get; private set; } = "";

    public static ReviewReport Publish(Review review, IReadOnlyList<TimelineEntryCopy> timeline, int version, string? changeNote, PersonRef publishedBy, DateTimeOffset now)
    {
        var report = new ReviewReport
        {
            Id = Guid.CreateVersion7(now),
            OrgId = review.OrgId,
            ReviewId = review.Id,
            Version = version,
            ChangeNote = changeNote,
            PublishedBy = publishedBy with { },
            PublishedAt = now,
        };
        var document = ReportDocument.Of(review, report, timeline);
        (report.Markdown, report.Html, report.Json) = (document.ToMarkdown(), document.ToHtml(), document.ToJson());
        return report;
    }
}
