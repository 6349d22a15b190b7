using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IncidentPlatform.IntegrationTests.Actions.ActionRequests;

namespace IncidentPlatform.IntegrationTests.Actions;

/// <summary>Actions with tracker sync against the local GitHub, Jira and Linear servers, on a clock the tests move past retries and polls.</summary>
public sealed class TrackerSyncFixture(TestInfrastructure infrastructure) : ActionsServiceFixture(infrastructure)
{
    public ManualClock Clock { get; } = new();

    public FakeTrackers Trackers { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync()
    {
        Trackers = await FakeTrackers.StartAsync();
        return new Dictionary<string, string>
        {
            ["Trackers:AllowedBaseUrls:0"] = Trackers.BaseUrlOf("github"),
            ["Trackers:AllowedBaseUrls:1"] = Trackers.BaseUrlOf("jira"),
            ["Trackers:AllowedBaseUrls:2"] = Trackers.BaseUrlOf("linear"),
            ["Trackers:PublicBaseUrl"] = "https://incidents.example.com",
            ["Trackers:WorkerInterval"] = "00:00:00.1",
            ["Trackers:PollInterval"] = "00:10:00",
            ["Trackers:Timeout"] = "00:00:01",
        };
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Trackers.DisposeAsync();
    }
}

public sealed class TrackerSyncTests(TrackerSyncFixture service) : IClassFixture<TrackerSyncFixture>
{
    private FakeTrackers Trackers => service.Trackers;

    [Fact]
    public async Task A_GitHub_issue_is_created_follows_the_item_and_closing_it_in_GitHub_marks_the_item_done()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var connection = await ConnectAsync(client, "github", new { baseUrl = Trackers.BaseUrlOf("github"), project = "acme/checkout-api", token = FakeTrackers.GitHubToken });
        var secret = connection.GetProperty("webhookSecret").GetString()!;
        Assert.StartsWith("trk_", secret);
        Assert.EndsWith($"/api/action-items/tracker-webhooks/{connection.GetProperty("id").GetString()}", connection.GetProperty("webhookUrl").GetString());
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId, title: "Alert on retry budget exhaustion"));
        var id = item.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/action-items/{id}/tracker", null)).StatusCode);

        var link = await SyncedAsync(client, id);
        var number = link.GetProperty("externalKey").GetString()!.TrimStart('#');
        Assert.Equal($"https://github.com/acme/checkout-api/issues/{number}", link.GetProperty("url").GetString());
        var issue = Trackers.Issue("github", number);
        Assert.Equal("Alert on retry budget exhaustion", issue.Title);
        Assert.Contains($"https://incidents.example.com/api/action-items/{id}", issue.Body);
        Assert.Contains($"incidentplatform:action-item:{id}", issue.Body);

        // The item moves here: the issue follows.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/api/action-items/{id}/complete", new { evidence = new[] { new { url = "https://github.com/acme/checkout-api/pull/9" } } })).StatusCode);
        await Eventually.TrueAsync(() => issue.State == "closed", "the GitHub issue to be closed");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/api/action-items/{id}/reopen", new { reason = "The alert never fired in the drill." })).StatusCode);
        await Eventually.TrueAsync(() => issue.State == "open", "the GitHub issue to be reopened");
        await SyncedAsync(client, id);

        // Closed in GitHub, told by a signed webhook: the item is done, the issue is its evidence.
        issue.State = "closed";
        var webhook = JsonSerializer.Serialize(new { action = "closed", issue = new { number = long.Parse(number, System.Globalization.CultureInfo.InvariantCulture) } });
        var unsigned = await PostWebhookAsync(connection, webhook, ("X-GitHub-Event", "issues"), ("X-Hub-Signature-256", "sha256=" + new string('0', 64)));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var signed = await PostWebhookAsync(connection, webhook, ("X-GitHub-Event", "issues"), ("X-Hub-Signature-256", "sha256=" + Hmac(secret, webhook)));
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);

        var done = (await Eventually.GetAsync(async () =>
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}");
            return current.GetProperty("status").GetString() == "done" ? (JsonElement?)current : null;
        }, "the item to follow GitHub"))!.Value;
        Assert.Contains(done.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("url").GetString() == link.GetProperty("url").GetString());
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/history");
        Assert.Contains(history.EnumerateArray(), change => change.GetProperty("by").GetProperty("displayName").GetString() == "GitHub sync");
    }

    [Fact]
    public async Task With_Jira_connected_to_create_automatically_new_items_get_an_issue_its_workflow_follows_and_a_poll_brings_back_Jiras_moves()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await ConnectAsync(client, "jira", new { baseUrl = Trackers.BaseUrlOf("jira"), project = "OPS", userName = FakeTrackers.JiraEmail, token = FakeTrackers.JiraToken, autoCreate = true });
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();

        var link = await SyncedAsync(client, id);
        var key = link.GetProperty("externalKey").GetString()!;
        Assert.StartsWith("OPS-", key);
        Assert.Equal($"{Trackers.BaseUrlOf("jira")}/browse/{key}", link.GetProperty("url").GetString());
        var issue = Trackers.Issue("jira", key);
        Assert.Equal("1", issue.State);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/api/action-items/{id}/start")).StatusCode);
        await Eventually.TrueAsync(() => issue.State == "3", "the Jira issue to move to In Progress by its transition");
        await SyncedAsync(client, id);

        // Done in Jira, no webhook: the next poll finds it.
        issue.State = "5";
        service.Clock.Advance(TimeSpan.FromMinutes(11));
        await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}")).GetProperty("status").GetString() == "done",
            "the poll to bring Jira's Done back");
        Assert.Contains(Trackers.Requests, r => r.StartsWith($"POST /jira/rest/api/3/issue/{key}/transitions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Linear_issue_follows_a_wont_do_and_being_started_again_in_Linear_reopens_the_item()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var connection = await ConnectAsync(client, "linear", new { baseUrl = Trackers.BaseUrlOf("linear"), project = "team-eng", token = FakeTrackers.LinearKey });
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();
        await PostAsync(client, $"/api/action-items/{id}/tracker", new { kind = "linear" });
        var link = await SyncedAsync(client, id);
        var issue = Trackers.IssuesOf("linear").Single(i => link.GetProperty("url").GetString()!.EndsWith(i.Id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/api/action-items/{id}/wont-do", new { reason = "Superseded by the progressive delivery project." })).StatusCode);
        await Eventually.TrueAsync(() => issue.State == "st-cancel", "the Linear issue to be canceled");

        issue.State = "st-doing";
        var webhook = JsonSerializer.Serialize(new { type = "Issue", action = "update", data = new { id = issue.Id } });
        var secret = connection.GetProperty("webhookSecret").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await PostWebhookAsync(connection, webhook, ("Linear-Signature", Hmac(secret, webhook)))).StatusCode);

        await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}")).GetProperty("status").GetString() == "open",
            "the item to be reopened by Linear");
    }

    [Fact]
    public async Task A_tracker_that_answers_500_or_hangs_leaves_the_item_saved_and_the_sync_pending_until_a_retry_succeeds()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await ConnectAsync(client, "github", new { baseUrl = Trackers.BaseUrlOf("github"), project = "acme/payments", token = FakeTrackers.GitHubToken });
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();
        Trackers.Fail("github", 1, 500);

        await PostAsync(client, $"/api/action-items/{id}/tracker");

        var pending = (await Eventually.GetAsync(async () =>
        {
            var link = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker");
            return link.GetProperty("attempts").GetInt32() == 1 ? (JsonElement?)link : null;
        }, "a failed first attempt"))!.Value;
        Assert.Equal("pending", pending.GetProperty("syncStatus").GetString());
        Assert.Contains("500", pending.GetProperty("lastError").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/action-items/{id}")).StatusCode);

        Trackers.Fail("github", 1, 0);
        service.Clock.Advance(TimeSpan.FromSeconds(31));
        var timedOut = (await Eventually.GetAsync(async () =>
        {
            var link = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker");
            return link.GetProperty("attempts").GetInt32() == 2 ? (JsonElement?)link : null;
        }, "a second attempt that hangs"))!.Value;
        Assert.Contains("did not answer", timedOut.GetProperty("lastError").GetString());

        service.Clock.Advance(TimeSpan.FromMinutes(3));
        var synced = await SyncedAsync(client, id);
        Assert.Equal(0, synced.GetProperty("attempts").GetInt32());
        Assert.Single(Trackers.IssuesOf("github"), i => i.Body.Contains(id!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("github")]
    [InlineData("jira")]
    [InlineData("linear")]
    public async Task A_create_whose_answer_was_lost_makes_no_second_issue(string tracker)
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        object settings = tracker switch
        {
            "github" => new { baseUrl = Trackers.BaseUrlOf(tracker), project = $"acme/lost-{Guid.NewGuid():N}", token = FakeTrackers.GitHubToken },
            "jira" => new { baseUrl = Trackers.BaseUrlOf(tracker), project = "LOST", userName = FakeTrackers.JiraEmail, token = FakeTrackers.JiraToken },
            _ => new { baseUrl = Trackers.BaseUrlOf(tracker), project = "team-lost", token = FakeTrackers.LinearKey },
        };
        await ConnectAsync(client, tracker, settings);
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString()!;
        Trackers.LoseNextCreateAnswer(tracker);

        await PostAsync(client, $"/api/action-items/{id}/tracker");
        await Eventually.TrueAsync(async () =>
        {
            var link = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker");
            return link.GetProperty("attempts").GetInt32() == 1 && link.GetProperty("lastError").GetString()!.Contains("502", StringComparison.Ordinal);
        }, "the create whose answer was lost");
        Assert.Single(Trackers.IssuesOf(tracker), i => i.Body.Contains(id, StringComparison.Ordinal) || i.Labels.Contains($"incidentplatform-{Guid.Parse(id):N}"));
        service.Clock.Advance(TimeSpan.FromSeconds(31));

        await SyncedAsync(client, id);
        Assert.Single(Trackers.IssuesOf(tracker), i => i.Body.Contains(id, StringComparison.Ordinal) || i.Labels.Contains($"incidentplatform-{Guid.Parse(id):N}"));
    }

    [Fact]
    public async Task A_removed_connection_leaves_links_pending_without_spinning_and_reconnecting_the_same_project_resumes_them()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var settings = new JiraSettings(Trackers.BaseUrlOf("jira"), "SRE", FakeTrackers.JiraEmail, FakeTrackers.JiraToken);
        await ConnectAsync(client, "jira", settings);
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();
        await PostAsync(client, $"/api/action-items/{id}/tracker");
        var key = (await SyncedAsync(client, id)).GetProperty("externalKey").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/action-items/trackers/jira")).StatusCode);
        service.Clock.Advance(TimeSpan.FromMinutes(11));
        var pending = (await Eventually.GetAsync(async () =>
        {
            var link = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker");
            return link.GetProperty("attempts").GetInt32() >= 1 ? (JsonElement?)link : null;
        }, "the poll to find the connection gone"))!.Value;
        Assert.Contains("was removed", pending.GetProperty("lastError").GetString());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker")).GetProperty("attempts").GetInt32());

        // Connected again to the same project, it resumes.
        await ConnectAsync(client, "jira", settings);
        await SyncedAsync(client, id);

        // A connection moved to another project no longer reaches the issue: the link says so and waits.
        await ConnectAsync(client, "jira", settings with { Project = "OPS", Token = null });
        await PostAsync(client, $"/api/action-items/{id}/wont-do", new { reason = "Superseded." });
        await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/tracker"))
            .GetProperty("lastError").GetString()?.Contains("now points at OPS", StringComparison.Ordinal) == true, "the link to refuse the other project");
        await ConnectAsync(client, "jira", settings with { Token = null });
        service.Clock.Advance(TimeSpan.FromMinutes(1));
        await SyncedAsync(client, id);
        Assert.Equal("6", Trackers.Issue("jira", key).State);  // Won't Do
    }

    [Fact]
    public async Task An_item_that_cannot_follow_the_tracker_tells_it_its_state_instead_of_retrying_forever()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await ConnectAsync(client, "github", new { baseUrl = Trackers.BaseUrlOf("github"), project = "acme/full", token = FakeTrackers.GitHubToken, autoCreate = true });
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();
        var full = await PostAsync(client, $"/api/action-items/{id}/evidence", new { evidence = Enumerable.Range(1, 50).Select(i => new { note = $"Measurement {i}" }) });
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var number = (await SyncedAsync(client, id)).GetProperty("externalKey").GetString()!.TrimStart('#');
        var issue = Trackers.Issue("github", number);

        issue.State = "closed";
        await PostAsync(client, $"/api/action-items/{id}/tracker/sync");

        // The item holds the most evidence it may, so closing cannot complete it: the issue is reopened to match it.
        await Eventually.TrueAsync(() => issue.State == "open", "the issue to be told the item is still open");
        var link = await SyncedAsync(client, id);
        Assert.Equal("open", (await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}")).GetProperty("status").GetString());
        Assert.Equal("open", link.GetProperty("externalState").GetString());
    }

    [Fact]
    public async Task Canceled_in_Linear_the_item_is_declined_with_the_reason()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await ConnectAsync(client, "linear", new { baseUrl = Trackers.BaseUrlOf("linear"), project = "team-sre", token = FakeTrackers.LinearKey, autoCreate = true });
        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();
        var link = await SyncedAsync(client, id);
        Trackers.IssuesOf("linear").Single(i => link.GetProperty("url").GetString()!.EndsWith(i.Id, StringComparison.Ordinal)).State = "st-cancel";

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, $"/api/action-items/{id}/tracker/sync")).StatusCode);

        var declined = (await Eventually.GetAsync(async () =>
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}");
            return current.GetProperty("status").GetString() == "wontDo" ? (JsonElement?)current : null;
        }, "the item to be declined"))!.Value;
        Assert.StartsWith("Canceled in Linear", declined.GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task Credentials_are_never_shown_and_bad_connections_and_links_are_clear_errors()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await ConnectAsync(client, "github", new { baseUrl = Trackers.BaseUrlOf("github"), project = "acme/search", token = FakeTrackers.GitHubToken });
        var listed = await client.GetStringAsync("/api/action-items/trackers");
        Assert.DoesNotContain(FakeTrackers.GitHubToken, listed);
        Assert.DoesNotContain("trk_", listed);
        var stored = await service.QueryAsync(caller.OrgId, db => db.TrackerConnections.SingleAsync());
        Assert.DoesNotContain(FakeTrackers.GitHubToken, stored.ProtectedToken);

        // Changing the project keeps the token.
        var changed = await client.PutAsJsonAsync("/api/action-items/trackers/github", new { baseUrl = Trackers.BaseUrlOf("github"), project = "acme/search-api" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").ValueKind);

        var otherCaller = TestCaller.NewOrg();
        var other = service.CreateClient(otherCaller);
        await AssertFieldErrorsAsync(other, "github", new { baseUrl = "https://evil.example.com", project = "acme", token = "x" }, "baseUrl", "project");
        await AssertFieldErrorsAsync(other, "github", new { baseUrl = "http://169.254.169.254", project = "a/b", token = "x" }, "baseUrl");
        await AssertFieldErrorsAsync(other, "jira", new { baseUrl = "https://acme.atlassian.net", project = "ops-team" }, "project", "token", "userName");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync("/api/action-items/trackers/gitlab", new { project = "a/b", token = "x" })).StatusCode);

        var otherItem = await CreateAsync(other, Item((await service.KnownReviewAsync(otherCaller)).ReviewId));
        var noTracker = await PostAsync(other, $"/api/action-items/{otherItem.GetProperty("id").GetString()}/tracker");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTracker.StatusCode);
        Assert.Contains("kind", ErrorFields(await ProblemAsync(noTracker)));

        var item = await CreateAsync(client, Item((await service.KnownReviewAsync(caller)).ReviewId));
        var id = item.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, $"/api/action-items/{id}/tracker")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, $"/api/action-items/{id}/tracker")).StatusCode);

        // Another org sees none of it.
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/action-items/trackers")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/action-items/{id}/tracker")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(other, $"/api/action-items/{id}/tracker")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(other, $"/api/action-items/{id}/tracker/sync")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync("/api/action-items/trackers/github")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(other, "/api/action-items/trackers/github/webhook-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateAnonymousClient().PostAsync($"/api/action-items/tracker-webhooks/{Guid.NewGuid()}", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task A_webhook_to_a_connection_whose_secret_cannot_be_decrypted_is_a_503_saying_to_issue_a_new_secret()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var connection = await ConnectAsync(client, "github", new { baseUrl = Trackers.BaseUrlOf("github"), project = "acme/ledger", token = FakeTrackers.GitHubToken });
        await service.QueryAsync(caller.OrgId, db => db.TrackerConnections
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ProtectedWebhookSecret, ProtectedValues.UnderRetiredKey)));
        var webhook = JsonSerializer.Serialize(new { action = "closed", issue = new { number = 1 } });

        var refused = await PostWebhookAsync(connection, webhook, ("X-GitHub-Event", "issues"), ("X-Hub-Signature-256", "sha256=" + new string('0', 64)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("/api/action-items/trackers/github/webhook-secret", (await ProblemAsync(refused)).GetProperty("detail").GetString());
        var replaced = await PostAsync(client, "/api/action-items/trackers/github/webhook-secret");
        var secret = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        var signed = await PostWebhookAsync(connection, webhook, ("X-GitHub-Event", "issues"), ("X-Hub-Signature-256", "sha256=" + Hmac(secret, webhook)));
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
    }

    private static async Task<JsonElement> ConnectAsync(HttpClient client, string kind, object settings)
    {
        var response = await client.PutAsJsonAsync($"/api/action-items/trackers/{kind}", settings);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static async Task AssertFieldErrorsAsync(HttpClient client, string kind, object settings, params string[] fields)
    {
        var response = await client.PutAsJsonAsync($"/api/action-items/trackers/{kind}", settings);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = ErrorFields(await ProblemAsync(response));
        Assert.All(fields, field => Assert.Contains(field, errors));
    }

    private static async Task<JsonElement> SyncedAsync(HttpClient client, string? id) =>
        (await Eventually.GetAsync(async () =>
        {
            var response = await client.GetAsync($"/api/action-items/{id}/tracker");
            var link = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.IsSuccessStatusCode && link.GetProperty("syncStatus").GetString() == "synced" ? (JsonElement?)link : null;
        }, "the tracker sync"))!.Value;

    private Task<HttpResponseMessage> PostWebhookAsync(JsonElement connection, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/action-items/tracker-webhooks/{connection.GetProperty("id").GetString()}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return service.CreateAnonymousClient().SendAsync(request);
    }

    private static string Hmac(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

internal sealed record JiraSettings(string BaseUrl, string Project, string UserName, string? Token);
