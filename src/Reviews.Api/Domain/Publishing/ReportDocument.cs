using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Timeline;
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
    public static ReportDocument Of(Review review, ReviewReport report, IReadOnlyList<TimelineEntryCopy> timeline)
    {
        var analysis = review.Analysis;
        var duration = review.IncidentResolvedAt - review.IncidentStartedAt;
        var when = $"{Utc(review.IncidentStartedAt)} to {Utc(review.IncidentResolvedAt)} ({(int)duration.TotalMinutes} min)";
        var timeOfEntry = timeline.ToDictionary(e => e.EntryId, e => e.OccurredAt);
        var evaluation = analysis.ResponseEvaluation ?? new ResponseEvaluation();
        var sections = new List<ReportSection>
        {
            new(1, "Summary",
                [
                    $"{review.IncidentReference} · {SeverityNames.Format(review.Severity)} · services: {string.Join(", ", review.Services)} · {when} · report version {report.Version}",
                    analysis.Summary ?? "No summary.",
                ],
                []),
            new(2, "Timeline",
                [timeline.Count == 0
                    ? $"No timeline entries were recorded for {review.IncidentReference}."
                    : $"{timeline.Count} entries as recorded at publication, times in UTC; ★ marks a key moment, (learned later) what responders did not know at the time."],
                [.. timeline.Select(TimelineItem)]),
            new(3, "Root cause analysis", (analysis.FiveWhys?.Count ?? 0) == 0 ? ["No 5-whys chain."] : [], [.. (analysis.FiveWhys ?? []).Select(w => $"Why? {w}")], NumberedItems: true),
            new(4, "Contributing factors", [], [.. (analysis.ContributingFactors ?? []).Select(f => FactorItem(f, timeOfEntry))]),
            new(5, "Impact assessment", ImpactParagraphs(review.Impact), ImpactItems(review.Impact)),
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
            new(8, "Action items and owners",
                [review.ActionItems.Count == 0 ? "No action items." : $"{review.ActionItems.Count} action item(s), status as of publication; their progress: /api/action-items?reviewId={review.Id}"],
                [.. review.ActionItems.Select(a => $"{a.Priority} · {a.Title} — owner {a.Owner.DisplayName}, due {a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, {a.Status}")]),
            new(9, "Follow-up deadlines", [], [.. review.Deadlines.Select(d => $"{d.Step}: {d.DueAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")]),
            new(10, "Supporting logs and references", [], [.. analysis.References ?? []]),
        };

        var subtitle = $"Published {Utc(report.PublishedAt)} by {report.PublishedBy.DisplayName}"
            + (report.ChangeNote is { } note ? $" — {note}" : "");
        return new ReportDocument($"{review.IncidentReference}: {review.IncidentTitle}", subtitle, sections);
    }

    private static string Utc(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string TimelineItem(TimelineEntryCopy entry) =>
        $"{(entry.IsKeyMoment ? "★ " : "")}{entry.OccurredAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} · {entry.Kind} · {entry.Text}"
        + (entry.Source is { } source ? $" (source: {source})" : "")
        + (entry.Knowledge == "learnedLater" ? " (learned later)" : "");

    private static string FactorItem(ContributingFactor factor, Dictionary<Guid, DateTimeOffset> timeOfEntry)
    {
        var times = (factor.TimelineEntryIds ?? []).Where(timeOfEntry.ContainsKey).Select(id => timeOfEntry[id]).Order()
            .Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)).ToList();
        return $"{factor.Description} ({Camel(factor.Category)}, {Camel(factor.Role)})" + (times.Count > 0 ? $" — timeline {string.Join(", ", times)} UTC" : "");
    }

    private static string[] ImpactParagraphs(IncidentImpactFigures? impact) => impact switch
    {
        null => ["No impact figures were recorded on the incident."],
        { Notes: { } notes } => [notes],
        _ => [],
    };

    private static List<string> ImpactItems(IncidentImpactFigures? impact)
    {
        if (impact is null)
        {
            return [];
        }

        var items = new List<string>();
        void Figure(string name, object? value)
        {
            if (value is not null)
            {
                items.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:N0}"));
            }
        }

        Figure("Affected users", impact.AffectedUsers);
        Figure("Affected customers", impact.AffectedCustomers);
        Figure("Failed requests", impact.FailedRequests);
        if (impact.DowntimeMinutes is { } downtime)
        {
            items.Add(string.Create(CultureInfo.InvariantCulture, $"Downtime: {downtime:0.#} min"));
        }

        if (impact.SlasBreached is { Count: > 0 } slas)
        {
            items.Add($"SLAs breached: {string.Join("; ", slas)}");
        }

        if (impact.RevenueEstimate is { } revenue)
        {
            items.Add(string.Create(CultureInfo.InvariantCulture, $"Revenue estimate: {revenue.Amount:N2} {revenue.Currency}"));
        }

        Figure("Customer escalations", impact.CustomerEscalations);
        Figure("Support tickets", impact.SupportTickets);
        return items;
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
