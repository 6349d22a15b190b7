namespace IncidentPlatform.ServiceDefaults.Text;

/// <summary>How every service reads the free text and links people type.</summary>
public static class TextValues
{
    /// <summary>The text trimmed, or null when nothing but whitespace was given (an optional text left empty).</summary>
    public static string? TrimToNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Whether the text is an absolute http or https URL (what a link to a dashboard, ticket or PR must be).</summary>
    public static bool IsWebUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The text cut to at most <paramref name="maxLength"/> characters (what a bounded column of a log or excerpt keeps).</summary>
    public static string? Truncate(string? text, int maxLength) => text is { Length: var length } && length > maxLength ? text[..maxLength] : text;
}
