using System.Net;
using System.Text;

namespace IncidentPlatform.Reviews.Domain.Knowledge;

/// <summary>
/// Turns PostgreSQL's highlighted text into safe HTML: the text is escaped first (a review may quote markup),
/// then the matched words are wrapped in <c>&lt;mark&gt;</c>. PostgreSQL marks matches with control characters
/// that cannot occur in a review's text, so no user text can forge a mark.
/// </summary>
public static class SearchHighlight
{
    public const char StartMark = '\u0002';
    public const char StopMark = '\u0003';
    public const char FragmentBreak = '\u0004';

    /// <summary>The <c>ts_headline</c> options that produce what <see cref="ToHtml"/> reads.</summary>
    public const string HeadlineMarks = "StartSel=\u0002, StopSel=\u0003";

    public static string ToHtml(string highlighted)
    {
        var html = new StringBuilder(highlighted.Length + 32);
        foreach (var part in highlighted.Split([StartMark, StopMark]).Select((text, i) => (text, i)))
        {
            html.Append(part.i % 2 == 1 ? $"<mark>{WebUtility.HtmlEncode(part.text)}</mark>" : WebUtility.HtmlEncode(part.text));
        }

        return html.ToString();
    }

    /// <summary>The fragments of a body highlight, each as safe HTML, without those that matched nothing.</summary>
    public static IReadOnlyList<string> Fragments(string highlighted) =>
        [.. highlighted.Split(FragmentBreak)
            .Where(fragment => fragment.Contains(StartMark, StringComparison.Ordinal))
            .Select(fragment => ToHtml(fragment.Trim()))];
}
