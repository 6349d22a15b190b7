using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Reviews.Domain.Publishing;

/// <summary>A section of the report: its number and title, paragraphs, and list items.</summary>
public sealed record ReportSection(int Number, string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Items, bool NumberedItems = false);

/// <summary>
/// The report's content in the ten sections of a post-incident review, built from the review as published and
/// rendered to Markdown, HTML and JSON. Every text is the authors': it is escaped in both Markdown and HTML, so
/// markup or script in a field shows as text and never runs.
/// </summary>
public sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<ReportSection> Sections)
{
    public static ReportDocument Of(Review review, ReviewReport report)
    {
        var analysis = review.Analysis;
        var when = review.IncidentResolvedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var evaluation = analysis.ResponseEvaluation ?? new ResponseEvaluation();
        var sections = new List<ReportSection>
        {
            new(1, "Summary",
                [
                    $"{review.IncidentReference} · {SeverityNames.Format(review.Severity)} · services: {string.Join(", ", review.Services)} · resolved {when} · report version {report.Version}",
                    analysis.Summary ?? "No summary.",
                ],
                []),
            new(2, "Timeline", [$"The timeline is part of the incident record of {review.IncidentReference}: /api/incidents/{review.IncidentId}/timeline"], []),
            new(3, "Root cause analysis", (analysis.FiveWhys?.Count ?? 0) == 0 ? ["No 5-whys chain."] : [], [.. (analysis.FiveWhys ?? []).Select(w => $"Why? {w}")], NumberedItems: true),
            new(4, "Contributing factors", [], [.. (analysis.ContributingFactors ?? []).Select(f => $"{f.Description} ({Camel(f.Category)}, {Camel(f.Role)})")]),
            new(5, "Impact assessment", [$"Impact figures are recorded on the incident: /api/incidents/{review.IncidentId}"], []),
            new(6, "Response evaluation",
                [.. new[] { analysis.HumanContext }.Where(t => t is not null).Select(t => t!)],
                [
                    .. new (string Name, string? Text)[]
                    {
                        ("Detection", evaluation.Detection), ("Escalation", evaluation.Escalation), ("Communication", evaluation.Communication),
                        ("Coordination", evaluation.Coordination), ("Tooling", evaluation.Tooling), ("Decisions", evaluation.Decisions),
                    }.Where(e => e.Text is not null).Select(e => $"{e.Name}: {e.Text}"),
                    .. (analysis.WentWell ?? []).Select(t => $"Went well: {t}"),
                    .. (analysis.WentPoorly ?? []).Select(t => $"Went poorly: {t}"),
                    .. (analysis.GotLucky ?? []).Select(t => $"Got lucky: {t}"),
                ]),
            new(7, "Lessons learned", [], [.. analysis.LessonsLearned ?? []]),
            new(8, "Action items and owners", [$"{review.ActionItemIds.Count} action item(s): /api/action-items?reviewId={review.Id}"], []),
            new(9, "Follow-up deadlines", [], [.. review.Deadlines.Select(d => $"{d.Step}: {d.DueAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")]),
            new(10, "Supporting logs and references", [], [.. analysis.References ?? []]),
        };

        var subtitle = $"Published {report.PublishedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} by {report.PublishedBy.DisplayName}"
            + (report.ChangeNote is { } note ? $" — {note}" : "");
        return new ReportDocument($"{review.IncidentReference}: {review.IncidentTitle}", subtitle, sections);
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(MarkdownText(Title)).AppendLine();
        text.Append('_').Append(MarkdownText(Subtitle)).AppendLine("_").AppendLine();
        foreach (var section in Sections)
        {
            text.Append("## ").Append(section.Number).Append(". ").AppendLine(section.Title).AppendLine();
            foreach (var paragraph in section.Paragraphs)
            {
                text.AppendLine(MarkdownText(paragraph)).AppendLine();
            }

            foreach (var (item, i) in section.Items.Select((item, i) => (item, i)))
            {
                text.Append(section.NumberedItems ? $"{i + 1}. " : "- ").AppendLine(MarkdownText(item));
            }

            if (section.Items.Count > 0)
            {
                text.AppendLine();
            }
        }

        return text.ToString();
    }

    public string ToHtml()
    {
        var html = HtmlEncoder.Default;
        var text = new StringBuilder();
        text.AppendLine("<!DOCTYPE html>");
        text.Append("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(html.Encode(Title)).AppendLine("</title></head><body>");
        text.Append("<h1>").Append(html.Encode(Title)).AppendLine("</h1>");
        text.Append("<p><em>").Append(html.Encode(Subtitle)).AppendLine("</em></p>");
        foreach (var section in Sections)
        {
            text.Append("<section><h2>").Append(section.Number).Append(". ").Append(html.Encode(section.Title)).AppendLine("</h2>");
            foreach (var paragraph in section.Paragraphs)
            {
                text.Append("<p>").Append(html.Encode(paragraph)).AppendLine("</p>");
            }

            if (section.Items.Count > 0)
            {
                var list = section.NumberedItems ? "ol" : "ul";
                text.Append('<').Append(list).AppendLine(">");
                foreach (var item in section.Items)
                {
                    text.Append("<li>").Append(html.Encode(item)).AppendLine("</li>");
                }

                text.Append("</").Append(list).AppendLine(">");
            }

            text.AppendLine("</section>");
        }

        text.AppendLine("</body></html>");
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonConventions.Default);

    /// <summary>Markdown that shows the text as written: HTML is entity-encoded and Markdown syntax is backslash-escaped.</summary>
    private static string MarkdownText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '&': escaped.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '!': escaped.Append('\\').Append(c); break;
                case '\r' or '\n': escaped.Append(' '); break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    private static string Camel<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
