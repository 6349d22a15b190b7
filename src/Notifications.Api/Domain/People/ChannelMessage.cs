using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace IncidentPlatform.Notifications.Domain.People;

/// <summary>
/// A notification as each channel shows it. Every text from the platform is the user's own words (titles of incidents
/// and action items), so it is escaped for HTML and for Slack's markup, never interpreted.
/// </summary>
public sealed record ChannelMessage(string Title, string Body, string? Url)
{
    public static ChannelMessage From(Notification notification, Uri? publicBaseUrl) => new(
        notification.Title,
        notification.Body,
        notification.Link.Length == 0 ? null : publicBaseUrl is null ? notification.Link : new Uri(publicBaseUrl, notification.Link).ToString());

    public string EmailText()
    {
        var text = new StringBuilder().Append(Title).Append("\n\n").Append(Body).Append('\n');
        if (Url is not null)
        {
            text.Append('\n').Append("Open: ").Append(Url).Append('\n');
        }

        return text.Append("\n-- \nIncidentPlatform. Choose what reaches you where: /api/notifications/preferences\n").ToString();
    }

    public string EmailHtml()
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.4\">")
            .Append("<h2 style=\"font-size:18px\">").Append(WebUtility.HtmlEncode(Title)).Append("</h2>");
        var list = false;
        foreach (var line in Body.Split('\n'))
        {
            if (line.StartsWith("• ", StringComparison.Ordinal))
            {
                html.Append(list ? "" : "<ul>").Append("<li>").Append(WebUtility.HtmlEncode(line[2..])).Append("</li>");
                list = true;
                continue;
            }

            html.Append(list ? "</ul>" : "").Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
            list = false;
        }

        html.Append(list ? "</ul>" : "");
        if (Url is not null)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(Url)).Append("\">Open in IncidentPlatform</a></p>");
        }

        return html.Append("<p style=\"color:#666;font-size:12px\">Choose what reaches you where in your notification preferences.</p></body></html>").ToString();
    }

    /// <summary>A Slack incoming-webhook message: a header block and the text as plain text (no mrkdwn to inject).</summary>
    public string SlackJson()
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Limit(Title, 150)) },
            new JsonObject { ["type"] = "section", ["text"] = PlainText(Limit(Body, 3000)) },
        };
        if (Url is not null)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "button", ["text"] = PlainText("Open"), ["url"] = Url } },
            });
        }

        // The fallback text is read as mrkdwn: &, < and > escaped, no link or mention can be made of the users' words.
        return new JsonObject { ["text"] = SlackEscaped(Limit($"{Title}: {Body}", 3000)), ["blocks"] = blocks }.ToJsonString();
    }

    /// <summary>A Teams message with an Adaptive Card, the format Teams workflows and incoming webhooks accept.</summary>
    public string TeamsJson()
    {
        // RichTextBlock text runs are plain text (TextBlock would render markdown, so a title could become a link).
        var body = new JsonArray { PlainRun(Title, bold: true) };
        foreach (var line in Body.Split('\n'))
        {
            body.Add(PlainRun(line, bold: false));
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = body,
        };
        if (Url is not null)
        {
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open", ["url"] = Url } };
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card } },
        }.ToJsonString();
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject PlainRun(string text, bool bold) => new()
    {
        ["type"] = "RichTextBlock",
        ["inlines"] = new JsonArray { new JsonObject { ["type"] = "TextRun", ["text"] = text, ["weight"] = bold ? "Bolder" : "Default", ["size"] = bold ? "Medium" : "Default" } },
    };

    private static string SlackEscaped(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
