using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;

namespace IncidentPlatform.Actions.Infrastructure.Trackers;

/// <summary>
/// GitHub Issues through the REST API (<c>POST/GET/PATCH /repos/{owner}/{repo}/issues[/{number}]</c>, API version
/// 2022-11-28). GitHub has open and closed (completed, or not planned for a won't-do) only: an item in progress shows as open. Webhooks: the <c>issues</c> event,
/// signed in <c>X-Hub-Signature-256</c>.
/// </summary>
public sealed class GitHubAdapter(TrackerHttp http) : ITrackerAdapter
{
    private static readonly Dictionary<string, string> ApiVersion = new() { ["X-GitHub-Api-Version"] = "2022-11-28" };

    public TrackerKind Kind => TrackerKind.GitHub;

    public async Task<ExternalIssue> CreateAsync(TrackerAccount account, ActionItem item, string itemUrl, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["title"] = item.Title,
            ["body"] = TrackerHttp.IssueBody(item, itemUrl),
            ["labels"] = new JsonArray("incident-follow-up", item.Priority.ToString()),
        };
        return Read(await http.SendAsync(HttpMethod.Post, IssuesUrl(account), TrackerHttp.Bearer(account.Token), body, cancellationToken, ApiVersion));
    }

    public async Task<ExternalIssue> GetAsync(TrackerAccount account, string externalId, CancellationToken cancellationToken) =>
        Read(await http.SendAsync(HttpMethod.Get, $"{IssuesUrl(account)}/{externalId}", TrackerHttp.Bearer(account.Token), null, cancellationToken, ApiVersion));

    public async Task<ExternalIssue?> FindAsync(TrackerAccount account, Guid actionItemId, CancellationToken cancellationToken)
    {
        var query = Uri.EscapeDataString($"repo:{account.Project} is:issue in:body \"{TrackerHttp.MarkerOf(actionItemId)}\"");
        var found = await http.SendAsync(HttpMethod.Get, $"{account.BaseUrl}/search/issues?q={query}", TrackerHttp.Bearer(account.Token), null, cancellationToken, ApiVersion);
        return found["items"]?.AsArray().FirstOrDefault() is { } issue ? Read(issue) : null;
    }

    public async Task<ExternalIssue> SetStateAsync(TrackerAccount account, string externalId, ExternalState state, CancellationToken cancellationToken)
    {
        var body = state switch
        {
            ExternalState.Closed => new JsonObject { ["state"] = "closed", ["state_reason"] = "completed" },
            ExternalState.Canceled => new JsonObject { ["state"] = "closed", ["state_reason"] = "not_planned" },
            // Open is as close to "in progress" as GitHub gets.
            _ => new JsonObject { ["state"] = "open", ["state_reason"] = "reopened" },
        };
        return Read(await http.SendAsync(HttpMethod.Patch, $"{IssuesUrl(account)}/{externalId}", TrackerHttp.Bearer(account.Token), body, cancellationToken, ApiVersion));
    }

    public bool TryReadWebhook(IReadOnlyDictionary<string, string> headers, byte[] body, string secret, out TrackerWebhook webhook)
    {
        webhook = new TrackerWebhook(null);
        if (!TrackerHttp.HasValidSignature(headers.GetValueOrDefault("x-hub-signature-256"), "sha256=", body, secret))
        {
            return false;
        }

        if (headers.GetValueOrDefault("x-github-event") == "issues"
            && JsonNode.Parse(body)?["issue"]?["number"]?.GetValue<long>() is { } number)
        {
            webhook = new TrackerWebhook(number.ToString(CultureInfo.InvariantCulture));
        }

        return true;
    }

    private static string IssuesUrl(TrackerAccount account) => $"{account.BaseUrl}/repos/{account.Project}/issues";

    private static ExternalIssue Read(JsonNode issue)
    {
        try
        {
            var number = issue["number"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
            var state = (issue["state"]!.GetValue<string>(), issue["state_reason"]?.GetValue<string>()) switch
            {
                ("closed", "not_planned" or "duplicate") => ExternalState.Canceled,
                ("closed", _) => ExternalState.Closed,
                _ => ExternalState.Open,
            };
            return new ExternalIssue(number, $"#{number}", issue["html_url"]!.GetValue<string>(), state);
        }
        catch (Exception exception) when (exception is NullReferenceException or InvalidOperationException or JsonException)
        {
            throw new TrackerException("GitHub answered with an issue this adapter cannot read (no number, state or html_url).", exception);
        }
    }
}
