using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Incidents.Domain.Record;

/// <summary>A link to something that shows what happened: a dashboard, a log query, a ticket, a chat thread…</summary>
public sealed record EvidenceLink(Guid Id, EvidenceKind Kind, string Url, string Title, PersonRef AddedBy, DateTimeOffset AddedAt)
{
    public const int UrlMaxLength = 2048;
    public const int TitleMaxLength = 200;

    /// <summary>Checks a link as given by a user; returns the normalized url and title, or adds field errors.</summary>
    public static (string Url, string Title) Check(string url, string? title, Dictionary<string, string[]> errors)
    {
        var trimmedUrl = url.Trim();
        if (trimmedUrl.Length > UrlMaxLength)
        {
            errors["url"] = [$"A link has at most {UrlMaxLength:N0} characters."];
        }
        else if (!TextValues.IsWebUrl(trimmedUrl))
        {
            errors["url"] = ["A link must be an absolute http(s) URL, e.g. https://grafana.example.com/d/checkout."];
        }

        var trimmedTitle = title?.Trim() ?? "";
        if (trimmedTitle.Length > TitleMaxLength)
        {
            errors["title"] = [$"A title has at most {TitleMaxLength} characters."];
        }

        return (trimmedUrl, trimmedTitle.Length > 0 ? trimmedTitle : trimmedUrl[..Math.Min(trimmedUrl.Length, TitleMaxLength)]);
    }
}
