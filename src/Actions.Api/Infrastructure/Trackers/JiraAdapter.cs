using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;

namespace IncidentPlatform.Actions.Infrastructure.Trackers;

/// <summary>
/// Jira Cloud through REST API v3: create (<c>POST /rest/api/3/issue</c>, a Task with an ADF description), read
/// (<c>GET …/issue/{key}?fields=status,resolution</c>; done with a resolution such as Won't Do counts as canceled), and move by the workflow's own transitions (<c>GET/POST …/transitions</c>,
/// choosing one whose target status is in the wanted category: new, indeterminate, done). Basic authentication with
/// the account's email and API token. Webhooks: <c>jira:issue_updated</c>, signed in <c>X-Hub-Signature</c>.
/// </summary>
public sealed class JiraAdapter(TrackerHttp http) : ITrackerAdapter
{
    public TrackerKind Kind => TrackerKind.Jira;

    public async Task<ExternalIssue> CreateAsync(TrackerAccount account, ActionItem item, string itemUrl, CancellationToken cancellationToken)
    {
        var paragraphs = new JsonArray();
        foreach (var line in TrackerHttp.IssueBody(item, itemUrl).Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith("<!--", StringComparison.Ordinal)))
        {
            paragraphs.Add(new JsonObject { ["type"] = "paragraph", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = line.Trim() }) });
        }

        var body = new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["project"] = new JsonObject { ["key"] = account.Project },
                ["issuetype"] = new JsonObject { ["name"] = "Task" },
                ["summary"] = item.Title,
                ["labels"] = new JsonArray("incident-follow-up", LabelOf(item.Id)),
                ["description"] = new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = paragraphs },
            },
        };
        var created = await http.SendAsync(HttpMethod.Post, $"{account.BaseUrl}/rest/api/3/issue", Auth(account), body, cancellationToken);
        var key = created["key"]?.GetValue<string>() ?? throw new TrackerException("Jira created an issue but did not say its key.");
        return await GetAsync(account, key, cancellationToken);
    }

    public async Task<ExternalIssue> GetAsync(TrackerAccount account, string externalId, CancellationToken cancellationToken)
    {
        var issue = await http.SendAsync(HttpMethod.Get, $"{account.BaseUrl}/rest/api/3/issue/{Uri.EscapeDataString(externalId)}?fields=status,resolution", Auth(account), null, cancellationToken);
        try
        {
            var key = issue["key"]!.GetValue<string>();
            var category = issue["fields"]!["status"]!["statusCategory"]!["key"]!.GetValue<string>();
            var resolution = issue["fields"]!["resolution"]?["name"]?.GetValue<string>();
            var state = StateOf(category) == ExternalState.Closed && IsNotDone(resolution) ? ExternalState.Canceled : StateOf(category);
            return new ExternalIssue(key, key, $"{account.BaseUrl}/browse/{key}", state);
        }
        catch (Exception exception) when (exception is NullReferenceException or InvalidOperationException or JsonException)
        {
            throw new TrackerException("Jira answered with an issue this adapter cannot read (no key or status category).", exception);
        }
    }

    public async Task<ExternalIssue?> FindAsync(TrackerAccount account, Guid actionItemId, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["jql"] = $"project = \"{account.Project}\" AND labels = \"{LabelOf(actionItemId)}\"", ["fields"] = new JsonArray("status"), ["maxResults"] = 1 };
        var found = await http.SendAsync(HttpMethod.Post, $"{account.BaseUrl}/rest/api/3/search/jql", Auth(account), body, cancellationToken);
        return found["issues"]?.AsArray().FirstOrDefault()?["key"]?.GetValue<string>() is { } key ? await GetAsync(account, key, cancellationToken) : null;
    }

    public async Task<ExternalIssue> SetStateAsync(TrackerAccount account, string externalId, ExternalState state, CancellationToken cancellationToken)
    {
        var url = $"{account.BaseUrl}/rest/api/3/issue/{Uri.EscapeDataString(externalId)}/transitions";
        var transitions = await http.SendAsync(HttpMethod.Get, url, Auth(account), null, cancellationToken);
        var wanted = CategoryOf(state);
        var candidates = transitions["transitions"]?.AsArray().Where(t => t?["to"]?["statusCategory"]?["key"]?.GetValue<string>() == wanted).ToList() ?? [];
        // For a won't-do, a workflow's "Won't Do" (or Cancelled, Declined) status if it has one; else its done status.
        var transition = (state == ExternalState.Canceled ? candidates.FirstOrDefault(t => IsNotDone(t?["to"]?["name"]?.GetValue<string>())) : null)
            ?? candidates.FirstOrDefault(t => !IsNotDone(t?["to"]?["name"]?.GetValue<string>()))
            ?? candidates.FirstOrDefault()
            ?? throw new TrackerException($"The workflow of {externalId} has no transition from its status to a '{wanted}' status.");
        await http.SendAsync(HttpMethod.Post, url, Auth(account), new JsonObject { ["transition"] = new JsonObject { ["id"] = transition["id"]!.GetValue<string>() } }, cancellationToken);
        return await GetAsync(account, externalId, cancellationToken);
    }

    public bool TryReadWebhook(IReadOnlyDictionary<string, string> headers, byte[] body, string secret, out TrackerWebhook webhook)
    {
        webhook = new TrackerWebhook(null);
        if (!TrackerHttp.HasValidSignature(headers.GetValueOrDefault("x-hub-signature"), "sha256=", body, secret))
        {
            return false;
        }

        var payload = JsonNode.Parse(body);
        if (payload?["webhookEvent"]?.GetValue<string>() is "jira:issue_updated" or "jira:issue_created" && payload["issue"]?["key"]?.GetValue<string>() is { } key)
        {
            webhook = new TrackerWebhook(key);
        }

        return true;
    }

    private static string LabelOf(Guid actionItemId) => $"incidentplatform-{actionItemId:N}";

    private static System.Net.Http.Headers.AuthenticationHeaderValue Auth(TrackerAccount account) => TrackerHttp.Basic(account.UserName!, account.Token);

    private static ExternalState StateOf(string category) => category switch
    {
        "done" => ExternalState.Closed,
        "indeterminate" => ExternalState.InProgress,
        _ => ExternalState.Open,
    };

    private static bool IsNotDone(string? name) =>
        name is not null && (name.Contains("won't", StringComparison.OrdinalIgnoreCase) || name.Contains("wont", StringComparison.OrdinalIgnoreCase)
            || name.Contains("cancel", StringComparison.OrdinalIgnoreCase) || name.Contains("declin", StringComparison.OrdinalIgnoreCase)
            || name.Contains("duplicate", StringComparison.OrdinalIgnoreCase));

    private static string CategoryOf(ExternalState state) => state switch
    {
        ExternalState.Closed or ExternalState.Canceled => "done",
        ExternalState.InProgress => "indeterminate",
        _ => "new",
    };
}
