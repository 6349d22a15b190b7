using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;

namespace IncidentPlatform.Actions.Infrastructure.Trackers;

/// <summary>
/// Linear through its GraphQL API (<c>POST /graphql</c>, the API key in <c>Authorization</c>): <c>issueCreate</c>,
/// <c>issue</c>, and <c>issueUpdate</c> to the team's first workflow state of the wanted type (unstarted, started,
/// completed, canceled). Webhooks: <c>Issue</c> events, signed in <c>Linear-Signature</c>.
/// </summary>
public sealed class LinearAdapter(TrackerHttp http) : ITrackerAdapter
{
    private const string IssueFields = "id identifier url state { type }";

    public TrackerKind Kind => TrackerKind.Linear;

    public async Task<ExternalIssue> CreateAsync(TrackerAccount account, ActionItem item, string itemUrl, CancellationToken cancellationToken)
    {
        var data = await QueryAsync(account, $"mutation Create($input: IssueCreateInput!) {{ issueCreate(input: $input) {{ success issue {{ {IssueFields} }} }} }}",
            new JsonObject { ["input"] = new JsonObject { ["teamId"] = account.Project, ["title"] = item.Title, ["description"] = TrackerHttp.IssueBody(item, itemUrl) } },
            cancellationToken);
        return Read(data["issueCreate"]?["issue"]);
    }

    public async Task<ExternalIssue> GetAsync(TrackerAccount account, string externalId, CancellationToken cancellationToken) =>
        Read((await QueryAsync(account, $"query Issue($id: String!) {{ issue(id: $id) {{ {IssueFields} }} }}", new JsonObject { ["id"] = externalId }, cancellationToken))["issue"]);

    public async Task<ExternalIssue?> FindAsync(TrackerAccount account, Guid actionItemId, CancellationToken cancellationToken)
    {
        var data = await QueryAsync(account,
            $"query Find($team: ID!, $marker: String!) {{ issues(first: 1, filter: {{ team: {{ id: {{ eq: $team }} }}, description: {{ contains: $marker }} }}) {{ nodes {{ {IssueFields} }} }} }}",
            new JsonObject { ["team"] = account.Project, ["marker"] = TrackerHttp.MarkerOf(actionItemId) }, cancellationToken);
        return data["issues"]?["nodes"]?.AsArray().FirstOrDefault() is { } issue ? Read(issue) : null;
    }

    public async Task<ExternalIssue> SetStateAsync(TrackerAccount account, string externalId, ExternalState state, CancellationToken cancellationToken)
    {
        var wanted = state switch
        {
            ExternalState.Closed => "completed",
            ExternalState.Canceled => "canceled",
            ExternalState.InProgress => "started",
            _ => "unstarted",
        };
        var states = await QueryAsync(account, "query States($id: String!) { team(id: $id) { states { nodes { id type position } } } }",
            new JsonObject { ["id"] = account.Project }, cancellationToken);
        var target = states["team"]?["states"]?["nodes"]?.AsArray()
            .Where(s => s?["type"]?.GetValue<string>() == wanted)
            .OrderBy(s => s?["position"]?.GetValue<double>() ?? 0)
            .FirstOrDefault()
            ?? throw new TrackerException($"The Linear team {account.Project} has no workflow state of type '{wanted}'.");
        var data = await QueryAsync(account, $"mutation Move($id: String!, $input: IssueUpdateInput!) {{ issueUpdate(id: $id, input: $input) {{ success issue {{ {IssueFields} }} }} }}",
            new JsonObject { ["id"] = externalId, ["input"] = new JsonObject { ["stateId"] = target["id"]!.GetValue<string>() } }, cancellationToken);
        return Read(data["issueUpdate"]?["issue"]);
    }

    public bool TryReadWebhook(IReadOnlyDictionary<string, string> headers, byte[] body, string secret, out TrackerWebhook webhook)
    {
        webhook = new TrackerWebhook(null);
        if (!TrackerHttp.HasValidSignature(headers.GetValueOrDefault("linear-signature"), "", body, secret))
        {
            return false;
        }

        var payload = JsonNode.Parse(body);
        if (payload?["type"]?.GetValue<string>() == "Issue" && payload["data"]?["id"]?.GetValue<string>() is { } id)
        {
            webhook = new TrackerWebhook(id);
        }

        return true;
    }

    private async Task<JsonNode> QueryAsync(TrackerAccount account, string query, JsonObject variables, CancellationToken cancellationToken)
    {
        var answer = await http.SendAsync(HttpMethod.Post, $"{account.BaseUrl}/graphql",
            new System.Net.Http.Headers.AuthenticationHeaderValue(account.Token), new JsonObject { ["query"] = query, ["variables"] = variables }, cancellationToken);
        if (answer["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new TrackerException($"Linear refused the request: {errors[0]?["message"]?.GetValue<string>()}");
        }

        return answer["data"] ?? throw new TrackerException("Linear answered without data.");
    }

    private static ExternalIssue Read(JsonNode? issue)
    {
        try
        {
            var type = issue!["state"]!["type"]!.GetValue<string>();
            var state = type switch
            {
                "completed" => ExternalState.Closed,
                "canceled" => ExternalState.Canceled,
                "started" => ExternalState.InProgress,
                _ => ExternalState.Open,
            };
            return new ExternalIssue(issue["id"]!.GetValue<string>(), issue["identifier"]!.GetValue<string>(), issue["url"]!.GetValue<string>(), state);
        }
        catch (Exception exception) when (exception is NullReferenceException or InvalidOperationException or JsonException)
        {
            throw new TrackerException("Linear answered with an issue this adapter cannot read (no id, identifier, url or state).", exception);
        }
    }
}
