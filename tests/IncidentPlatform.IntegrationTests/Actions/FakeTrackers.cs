using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.IntegrationTests.Actions;

/// <summary>An issue as a fake tracker holds it: its id, its state in that tracker's own words, what was sent to create it.</summary>
public sealed class FakeIssue(string id, string title, string body)
{
    public string Id { get; } = id;

    public string Title { get; } = title;

    public string Body { get; } = body;

    public string State { get; set; } = "";

    /// <summary>GitHub's state_reason of a closed issue (completed, not_planned); Jira's resolution.</summary>
    public string? Reason { get; set; }

    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>
/// Local HTTP servers for the documented subset of three trackers' APIs, on one port under <c>/github</c>, <c>/jira</c>
/// and <c>/linear</c>: GitHub REST issues (Bearer token, API version header), Jira Cloud REST v3 issues and
/// transitions (Basic email:token, status categories new/indeterminate/done), Linear GraphQL issueCreate, issue, team
/// states and issueUpdate (API key). Each checks its credential (401 otherwise) and can be told to fail or hang.
/// </summary>
public sealed class FakeTrackers : IAsyncDisposable
{
    public const string GitHubToken = "ghp_test_token";
    public const string JiraEmail = "sre-bot@acme.example";
    public const string JiraToken = "jira-api-token";
    public const string LinearKey = "lin_api_test";

    private static readonly (string Id, string Name, string Category)[] JiraStatuses =
        [("1", "To Do", "new"), ("3", "In Progress", "indeterminate"), ("5", "Done", "done"), ("6", "Won't Do", "done")];

    private static readonly (string Id, string Type, double Position)[] LinearStates =
        [("st-backlog", "backlog", 0), ("st-todo", "unstarted", 1), ("st-doing", "started", 2), ("st-done", "completed", 3), ("st-cancel", "canceled", 4)];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, FakeIssue>> _issues = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _failures = new();
    private readonly ConcurrentDictionary<string, int> _lostCreates = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _sequence;

    public Uri BaseAddress { get; private set; } = null!;

    public string BaseUrlOf(string tracker) => new Uri(BaseAddress, tracker).ToString().TrimEnd('/');

    /// <summary>Requests each tracker answered, as "METHOD path", for what was asked of it.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeTrackers> StartAsync()
    {
        var fake = new FakeTrackers();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(fake.PlannedFailureAsync);
        app.MapPost("/github/repos/{owner}/{repo}/issues", fake.GitHubCreateAsync);
        app.MapGet("/github/repos/{owner}/{repo}/issues/{number}", fake.GitHubGet);
        app.MapMethods("/github/repos/{owner}/{repo}/issues/{number}", ["PATCH"], fake.GitHubPatchAsync);
        app.MapGet("/github/search/issues", fake.GitHubSearch);
        app.MapPost("/jira/rest/api/3/search/jql", (Func<HttpContext, Task<IResult>>)fake.JiraSearchAsync);
        app.MapPost("/jira/rest/api/3/issue", (Func<HttpContext, Task<IResult>>)fake.JiraCreateAsync);
        app.MapGet("/jira/rest/api/3/issue/{key}", fake.JiraGet);
        app.MapGet("/jira/rest/api/3/issue/{key}/transitions", fake.JiraTransitions);
        app.MapPost("/jira/rest/api/3/issue/{key}/transitions", fake.JiraTransitionAsync);
        app.MapPost("/linear/graphql", (Func<HttpContext, Task<IResult>>)fake.LinearAsync);
        await app.StartAsync();
        fake._app = app;
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        return fake;
    }

    public IReadOnlyCollection<FakeIssue> IssuesOf(string tracker) => [.. _issues.GetOrAdd(tracker, _ => new()).Values];

    public FakeIssue Issue(string tracker, string id) => _issues[tracker][id];

    /// <summary>The next <paramref name="count"/> requests to <paramref name="tracker"/> answer <paramref name="status"/> (0: hang until the caller gives up).</summary>
    public void Fail(string tracker, int count, int status = 500)
    {
        var queue = _failures.GetOrAdd(tracker, _ => new());
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>The next issue created in <paramref name="tracker"/> is created, but its answer is a 502 (lost on the way back).</summary>
    public void LoseNextCreateAnswer(string tracker) => _lostCreates[tracker] = 1;

    private bool CreateAnswerIsLost(string tracker) => _lostCreates.TryGetValue(tracker, out var lost) && lost > 0 && _lostCreates.TryUpdate(tracker, 0, lost);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task PlannedFailureAsync(HttpContext context, RequestDelegate next)
    {
        var tracker = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        if (_failures.TryGetValue(tracker, out var queue) && queue.TryDequeue(out var status))
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path} → planned {status}");
            if (status == 0)
            {
                await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token).Token)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            context.Response.StatusCode = status;
            await context.Response.WriteAsync("""{"message":"planned failure"}""");
            return;
        }

        Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
        await next(context);
    }

    // GitHub

    private async Task<IResult> GitHubCreateAsync(HttpContext context, string owner, string repo)
    {
        if (!GitHubAuthorized(context))
        {
            return Results.Json(new { message = "Bad credentials" }, statusCode: 401);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var number = Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var issue = new FakeIssue(number, body!["title"]!.GetValue<string>(), body["body"]?.GetValue<string>() ?? "") { State = "open" };
        _issues.GetOrAdd("github", _ => new())[number] = issue;
        return CreateAnswerIsLost("github") ? Results.StatusCode(502) : Results.Json(GitHubIssue(owner, repo, issue), statusCode: 201);
    }

    private IResult GitHubGet(HttpContext context, string owner, string repo, string number) =>
        !GitHubAuthorized(context) ? Results.Json(new { message = "Bad credentials" }, statusCode: 401)
        : _issues.GetOrAdd("github", _ => new()).TryGetValue(number, out var issue) ? Results.Json(GitHubIssue(owner, repo, issue))
        : Results.Json(new { message = "Not Found" }, statusCode: 404);

    private async Task<IResult> GitHubPatchAsync(HttpContext context, string owner, string repo, string number)
    {
        if (!GitHubAuthorized(context))
        {
            return Results.Json(new { message = "Bad credentials" }, statusCode: 401);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var issue = _issues.GetOrAdd("github", _ => new())[number];
        issue.State = body!["state"]!.GetValue<string>();
        issue.Reason = issue.State == "closed" ? body["state_reason"]?.GetValue<string>() ?? "completed" : null;
        return Results.Json(GitHubIssue(owner, repo, issue));
    }

    private IResult GitHubSearch(HttpContext context, string q)
    {
        if (!GitHubAuthorized(context))
        {
            return Results.Json(new { message = "Bad credentials" }, statusCode: 401);
        }

        // q = repo:owner/repo is:issue in:body "<marker>"
        var repo = q.Split(' ')[0]["repo:".Length..].Split('/');
        var marker = q[(q.IndexOf('"', StringComparison.Ordinal) + 1)..q.LastIndexOf('"')];
        var items = _issues.GetOrAdd("github", _ => new()).Values.Where(i => i.Body.Contains(marker, StringComparison.Ordinal)).Select(i => GitHubIssue(repo[0], repo[1], i)).ToList();
        return Results.Json(new { total_count = items.Count, items });
    }

    private static bool GitHubAuthorized(HttpContext context) =>
        context.Request.Headers.Authorization == $"Bearer {GitHubToken}" && context.Request.Headers["X-GitHub-Api-Version"] == "2022-11-28";

    private static object GitHubIssue(string owner, string repo, FakeIssue issue) => new
    {
        number = long.Parse(issue.Id, CultureInfo.InvariantCulture),
        title = issue.Title,
        state = issue.State,
        state_reason = issue.Reason,
        html_url = $"https://github.com/{owner}/{repo}/issues/{issue.Id}",
    };

    // Jira

    private async Task<IResult> JiraCreateAsync(HttpContext context)
    {
        if (!JiraAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var fields = (await JsonNode.ParseAsync(context.Request.Body))!["fields"]!;
        var key = $"{fields["project"]!["key"]!.GetValue<string>()}-{Interlocked.Increment(ref _sequence)}";
        var issue = new FakeIssue(key, fields["summary"]!.GetValue<string>(), fields["description"]!.ToJsonString())
        {
            State = "1",
            Labels = [.. fields["labels"]?.AsArray().Select(l => l!.GetValue<string>()) ?? []],
        };
        _issues.GetOrAdd("jira", _ => new())[key] = issue;
        return CreateAnswerIsLost("jira") ? Results.StatusCode(502) : Results.Json(new { id = "100" + _sequence, key, self = $"{BaseUrlOf("jira")}/rest/api/3/issue/{key}" }, statusCode: 201);
    }

    private async Task<IResult> JiraSearchAsync(HttpContext context)
    {
        if (!JiraAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        // jql = project = "KEY" AND labels = "label"
        var jql = (await JsonNode.ParseAsync(context.Request.Body))!["jql"]!.GetValue<string>();
        var label = jql[(jql.LastIndexOf("= \"", StringComparison.Ordinal) + 3)..^1];
        var issues = _issues.GetOrAdd("jira", _ => new()).Values.Where(i => i.Labels.Contains(label)).Select(i => new { key = i.Id }).ToList();
        return Results.Json(new { issues });
    }

    private IResult JiraGet(HttpContext context, string key)
    {
        if (!JiraAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        if (!_issues.GetOrAdd("jira", _ => new()).TryGetValue(key, out var issue))
        {
            return Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." } }, statusCode: 404);
        }

        var status = JiraStatuses.Single(s => s.Id == issue.State);
        var resolution = status.Category == "done" ? new { name = status.Id == "6" ? "Won't Do" : "Done" } : null;
        return Results.Json(new { key, fields = new { status = new { id = status.Id, name = status.Name, statusCategory = new { key = status.Category } }, resolution } });
    }

    private IResult JiraTransitions(HttpContext context, string key)
    {
        if (!JiraAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var current = _issues.GetOrAdd("jira", _ => new())[key].State;
        var transitions = JiraStatuses.Where(s => s.Id != current)
            .Select(s => new { id = "t" + s.Id, name = $"Move to {s.Name}", to = new { id = s.Id, name = s.Name, statusCategory = new { key = s.Category } } });
        return Results.Json(new { transitions });
    }

    private async Task<IResult> JiraTransitionAsync(HttpContext context, string key)
    {
        if (!JiraAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var id = (await JsonNode.ParseAsync(context.Request.Body))!["transition"]!["id"]!.GetValue<string>();
        _issues.GetOrAdd("jira", _ => new())[key].State = id.TrimStart('t');
        return Results.NoContent();
    }

    private static bool JiraAuthorized(HttpContext context) =>
        context.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{JiraEmail}:{JiraToken}"));

    // Linear

    private async Task<IResult> LinearAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != LinearKey)
        {
            return Results.Json(new { errors = new[] { new { message = "Authentication required, not authenticated" } } }, statusCode: 400);
        }

        var request = (await JsonNode.ParseAsync(context.Request.Body))!;
        var query = request["query"]!.GetValue<string>();
        var variables = request["variables"]!;
        var issues = _issues.GetOrAdd("linear", _ => new());
        if (query.Contains("issueCreate", StringComparison.Ordinal))
        {
            var input = variables["input"]!;
            var id = $"lin-{Guid.NewGuid():N}";
            var issue = new FakeIssue(id, input["title"]!.GetValue<string>(), input["description"]?.GetValue<string>() ?? "") { State = "st-todo" };
            issues[id] = issue;
            return CreateAnswerIsLost("linear") ? Results.StatusCode(502) : Results.Json(new { data = new { issueCreate = new { success = true, issue = LinearIssue(issue) } } });
        }

        if (query.Contains("issues(first", StringComparison.Ordinal))
        {
            var marker = variables["marker"]!.GetValue<string>();
            var nodes = issues.Values.Where(i => i.Body.Contains(marker, StringComparison.Ordinal)).Select(LinearIssue).ToList();
            return Results.Json(new { data = new { issues = new { nodes } } });
        }

        if (query.Contains("team(id", StringComparison.Ordinal))
        {
            return Results.Json(new { data = new { team = new { states = new { nodes = LinearStates.Select(s => new { id = s.Id, type = s.Type, position = s.Position }) } } } });
        }

        if (query.Contains("issueUpdate", StringComparison.Ordinal))
        {
            var issue = issues[variables["id"]!.GetValue<string>()];
            issue.State = variables["input"]!["stateId"]!.GetValue<string>();
            return Results.Json(new { data = new { issueUpdate = new { success = true, issue = LinearIssue(issue) } } });
        }

        return issues.TryGetValue(variables["id"]!.GetValue<string>(), out var found)
            ? Results.Json(new { data = new { issue = LinearIssue(found) } })
            : Results.Json(new { errors = new[] { new { message = "Entity not found" } }, data = (object?)null });
    }

    private static object LinearIssue(FakeIssue issue) => new
    {
        id = issue.Id,
        identifier = $"ENG-{issue.Id[4..8]}",
        url = $"https://linear.app/acme/issue/{issue.Id}",
        state = new { type = LinearStates.Single(s => s.Id == issue.State).Type },
    };
}
