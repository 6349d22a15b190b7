using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentPlatform.AppHost.Demo;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Incidents.IncidentRequests;

namespace IncidentPlatform.IntegrationTests.Incidents;

public sealed class TimelineApiTests(IncidentsServiceFixture service) : IClassFixture<IncidentsServiceFixture>
{
    private static object WorkedExampleImport(bool dryRun = false, object? kinds = null) => new
    {
        format = "text",
        content = DemoOrganization.TimelineText,
        baseDate = "2024-03-15",
        timeZone = "UTC",
        source = "Slack #inc-checkout-api",
        dryRun,
        kinds,
    };

    [Fact]
    public async Task The_worked_example_imports_to_its_ten_entries_and_resolving_gives_its_response_metrics()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<TimelineChanged>.StartAsync(service.MessagingConnectionString);
        var incident = await DeclareAsync(client);
        var id = incident.GetProperty("id").GetString();

        var import = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", WorkedExampleImport());
        await StepAsync(client, incident, "acknowledge", "2024-03-15T14:28:00Z");
        await StepAsync(client, incident, "mitigate", "2024-03-15T14:38:00Z");
        var resolved = await (await StepAsync(client, incident, "resolve", "2024-03-15T14:45:00Z")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/timeline");
        var entries = timeline.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(
            ["deploy", "deploy", "signal", "escalation", "detection", "decision", "rollback", "rollback", "mitigation", "mitigation"],
            entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("2024-03-15T14:27:00Z", entries[2].GetProperty("occurredAt").GetString());
        Assert.Equal(caller.UserId, entries[0].GetProperty("author").GetProperty("userId").GetString());
        var metrics = resolved.GetProperty("metrics");
        Assert.Equal(4, metrics.GetProperty("timeToDetectMinutes").GetDouble());
        Assert.Equal(1, metrics.GetProperty("timeToAcknowledgeMinutes").GetDouble());
        Assert.Equal(11, metrics.GetProperty("timeToMitigateMinutes").GetDouble());
        Assert.Equal(18, metrics.GetProperty("timeToResolveMinutes").GetDouble());
        Assert.Equal(22, metrics.GetProperty("durationMinutes").GetDouble());
        var changed = await recorder.WaitForAsync(e => e.IncidentId == Guid.Parse(id!));
        Assert.Equal((TimelineChange.Imported, 10, caller.OrgId), (changed.Change, changed.EntryCount, changed.OrgId));
        // The event carries the entries themselves, so Reviews keeps the timeline without calling back.
        Assert.Equal(entries.Select(e => e.GetProperty("kind").GetString()), changed.Entries.OrderBy(e => e.OccurredAt).Select(e => e.Kind));
        Assert.Equal(entries.Select(e => e.GetProperty("id").GetGuid()).Order(), changed.Entries.Select(e => e.EntryId).Order());
    }

    [Fact]
    public async Task A_dry_run_shows_inferred_kinds_and_unreadable_lines_and_corrections_apply_on_import()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();
        var content = DemoOrganization.TimelineText + "\nsomebody pasted this without a time\n23:99 not a time";

        var preview = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", new { format = "text", content, baseDate = "2024-03-15", dryRun = true });
        var refused = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", new { format = "text", content, baseDate = "2024-03-15" });
        var corrected = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", WorkedExampleImport(kinds: new Dictionary<string, string> { ["5"] = "other" }));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var report = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(report.GetProperty("saved").GetBoolean());
        Assert.Equal(10, report.GetProperty("entries").GetArrayLength());
        Assert.Equal([11, 12], report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("lineNumber").GetInt32()));
        Assert.Equal("somebody pasted this without a time", report.GetProperty("problems")[0].GetProperty("line").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines[11]", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines[12]", out _));
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/timeline");
        // The refused import saved nothing; the corrected one saved ten, with line 5 as the user said.
        Assert.Equal(10, timeline.GetProperty("entries").GetArrayLength());
        Assert.Equal("other", timeline.GetProperty("entries")[4].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task JSON_lines_from_tools_import_and_a_malformed_line_is_named()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();
        const string good = """
            {"timestamp":"2024-03-15T14:27:00Z","message":"checkout error rate > 1%","source":"pagerduty","kind":"signal"}
            {"time":1710512580,"text":"Deployment of checkout-api v2.4.1 begins","source":"argo"}
            """;

        var malformed = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", new { format = "jsonLines", content = good + "\n{\"time\": \"2024-03-15T14:30:00Z\", \"text\": " });
        var imported = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", new { format = "jsonLines", content = good });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Contains("Not valid JSON", (await ProblemAsync(malformed)).GetProperty("errors").GetProperty("lines[3]")[0].GetString());
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/timeline");
        Assert.Equal(["deploy", "signal"], timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("argo", timeline.GetProperty("entries")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_import_of_50000_lines_is_refused_as_too_large_and_saves_nothing()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();
        var content = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            content.Append("14:30 Line ").Append(i).Append('\n');
        }

        var response = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", new { format = "text", content = content.ToString(), baseDate = "2024-03-15" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("10,000", (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/timeline")).GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task An_import_of_the_largest_accepted_size_is_saved_whole_and_searchable_and_announced_in_bounded_events()
    {
        var client = service.CreateClient();
        await using var recorder = await EventRecorder<TimelineChanged>.StartAsync(service.MessagingConnectionString);
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();
        var content = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            var minute = i * 1440 / 10_000;
            content.Append($"{minute / 60:00}:{minute % 60:00} Alert: checkout error rate above 5% ({i})\n");
        }

        var response = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", new { format = "text", content = content.ToString(), baseDate = "2024-03-14" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/timeline?kind=signal");
        Assert.Equal(10_000, timeline.GetProperty("entries").GetArrayLength());
        var found = await client.GetFromJsonAsync<JsonElement>("/api/incidents?q=%22error%20rate%22");
        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var incidentId = Guid.Parse(id!);
        await Eventually.TrueAsync(() => recorder.Received.Where(e => e.Message.IncidentId == incidentId).Sum(e => e.Message.Entries.Count) == 10_000, "every imported entry to be announced");
        var events = recorder.Received.Where(e => e.Message.IncidentId == incidentId).Select(e => e.Message).ToList();
        Assert.Equal(20, events.Count);
        Assert.All(events, e => Assert.Equal(TimelineChanged.MaxEntriesPerEvent, e.Entries.Count));
        Assert.Equal(10_000, events.SelectMany(e => e.Entries).Select(e => e.EntryId).Distinct().Count());
    }

    [Theory]
    [InlineData("""{"format":"text","content":"14:30 x"}""", "baseDate")]
    [InlineData("""{"format":"text","content":"14:30 x","baseDate":"2024-03-15","timeZone":"Mars/Olympus"}""", "timeZone")]
    [InlineData("""{"format":"csv","content":"14:30 x"}""", "format")]
    [InlineData("""{"format":"text","baseDate":"2024-03-15"}""", "content")]
    public async Task A_bad_import_request_names_the_field(string body, string field)
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();

        var response = await client.PostAsync($"/api/incidents/{id}/timeline/import", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}");
    }

    [Fact]
    public async Task An_entry_is_added_edited_with_its_history_kept_and_deleted_with_If_Match()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();

        var added = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline", new { occurredAt = "2024-03-15T14:31:00Z", text = "Engineer identifies new deployment as potential cause" });
        var entry = await added.Content.ReadFromJsonAsync<JsonElement>();
        var entryUrl = $"/api/incidents/{id}/timeline/{entry.GetProperty("id").GetString()}";
        var edit = new HttpRequestMessage(HttpMethod.Put, entryUrl)
        {
            Content = JsonContent.Create(new { occurredAt = "2024-03-15T14:31:00Z", text = "Engineer identifies v2.4.1 as the likely cause", kind = "detection", isKeyMoment = true, knowledge = "knownAtTheTime" }),
        };
        edit.Headers.IfMatch.Add(added.Headers.ETag!);
        var edited = await client.SendAsync(edit);
        var stale = new HttpRequestMessage(HttpMethod.Delete, entryUrl);
        stale.Headers.IfMatch.Add(added.Headers.ETag!);
        var staleDelete = await client.SendAsync(stale);
        var read = await client.GetFromJsonAsync<JsonElement>(entryUrl);
        var delete = new HttpRequestMessage(HttpMethod.Delete, entryUrl);
        delete.Headers.IfMatch.Add(edited.Headers.ETag!);
        var deleted = await client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("detection", entry.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.True(read.GetProperty("isKeyMoment").GetBoolean());
        Assert.Equal(2, read.GetProperty("version").GetInt32());
        var revision = Assert.Single(read.GetProperty("revisions").EnumerateArray());
        Assert.Equal("Engineer identifies new deployment as potential cause", revision.GetProperty("content").GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(entryUrl)).StatusCode);
    }

    [Theory]
    [InlineData("2999-01-01T00:00:00Z", "", "occurredAt")]
    [InlineData("2024-03-15T14:31:00Z", "", "text")]
    public async Task An_invalid_entry_names_the_field(string occurredAt, string text, string field)
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();

        var response = await client.PostAsJsonAsync($"/api/incidents/{id}/timeline", new { occurredAt, text = text.Length == 0 && field == "occurredAt" ? "Alert fired" : text });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"got {response.StatusCode}");
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Another_org_can_not_read_add_to_edit_delete_or_import_into_a_timeline()
    {
        var owner = service.CreateClient();
        var id = (await DeclareAsync(owner)).GetProperty("id").GetString();
        var added = await (await owner.PostAsJsonAsync($"/api/incidents/{id}/timeline", new { occurredAt = "2024-03-15T14:31:00Z", text = "Alert: errors" })).Content.ReadFromJsonAsync<JsonElement>();
        var entryUrl = $"/api/incidents/{id}/timeline/{added.GetProperty("id").GetString()}";
        var intruder = service.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/incidents/{id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(entryUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/api/incidents/{id}/timeline", new { occurredAt = "2024-03-15T14:32:00Z", text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PutAsJsonAsync(entryUrl, new { occurredAt = "2024-03-15T14:32:00Z", text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync(entryUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/api/incidents/{id}/timeline/import", WorkedExampleImport())).StatusCode);
        var timeline = await owner.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/timeline");
        Assert.Equal("Alert: errors", Assert.Single(timeline.GetProperty("entries").EnumerateArray()).GetProperty("text").GetString());
    }
}
