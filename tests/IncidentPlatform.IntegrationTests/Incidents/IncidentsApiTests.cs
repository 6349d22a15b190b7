using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IncidentPlatform.IntegrationTests.Incidents.IncidentRequests;

namespace IncidentPlatform.IntegrationTests.Incidents;

public sealed class IncidentsApiTests(IncidentsServiceFixture service) : IClassFixture<IncidentsServiceFixture>
{
    [Fact]
    public async Task Declaring_an_incident_returns_it_with_a_reference_an_etag_and_a_location()
    {
        var client = service.CreateClient();

        var response = await client.PostAsJsonAsync("/api/incidents", Declaration(severity: "P2"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var incident = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("INC-2024-001", incident.GetProperty("reference").GetString());
        Assert.Equal("SEV2", incident.GetProperty("severity").GetString());
        Assert.Equal("detected", incident.GetProperty("status").GetString());
        Assert.Equal("2024-03-15T14:23:00Z", incident.GetProperty("startedAt").GetString());
        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(incident.GetProperty("id").GetString(), read.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Concurrent_declarations_in_one_org_get_consecutive_references()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<IncidentDeclared>.StartAsync(service.MessagingConnectionString);

        var incidents = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => DeclareAsync(client)));

        var references = incidents.Select(i => i.GetProperty("reference").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"INC-2024-{n:000}"), references);
        foreach (var incident in incidents)
        {
            var declared = await recorder.WaitForAsync(e => e.IncidentId == incident.GetProperty("id").GetGuid());
            Assert.Equal(incident.GetProperty("reference").GetString(), declared.Reference);
        }
    }

    [Fact]
    public async Task Many_concurrent_declarations_of_two_years_and_refused_ones_leave_no_gap_and_each_has_its_event()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<IncidentDeclared>.StartAsync(service.MessagingConnectionString);

        // Declarations of an org that arrive together are saved together; the refused ones take no number.
        var requests = Enumerable.Range(0, 60).Select(n => client.PostAsJsonAsync("/api/incidents", n % 10 == 9
            ? new { title = $"Refused {n}", severity = "SEV3", startedAt = "2024-05-01T10:00:00Z", detectedAt = (string?)"2024-05-01T09:00:00Z" }
            : new { title = $"Declared {n}", severity = "SEV3", startedAt = n % 2 == 0 ? "2024-05-01T10:00:00Z" : "2025-05-01T10:00:00Z", detectedAt = (string?)null }));
        var responses = await Task.WhenAll(requests);

        Assert.Equal(6, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        var declared = await Task.WhenAll(responses.Where(r => r.IsSuccessStatusCode).Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var references = declared.Select(i => i.GetProperty("reference").GetString()!).ToList();
        Assert.Equal([.. Enumerable.Range(1, 30).Select(n => $"INC-2024-{n:000}"), .. Enumerable.Range(1, 24).Select(n => $"INC-2025-{n:000}")], references.Order());
        foreach (var incident in declared)
        {
            var declaredEvent = await recorder.WaitForAsync(e => e.IncidentId == incident.GetProperty("id").GetGuid());
            Assert.Equal(incident.GetProperty("reference").GetString(), declaredEvent.Reference);
        }

        Assert.Equal(54, recorder.Received.Where(e => e.Message.OrgId == caller.OrgId).Select(e => e.Message.IncidentId).Distinct().Count());
    }

    [Fact]
    public async Task References_keep_three_digits_at_least_and_grow_past_them()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await DeclareAsync(client);
        await service.QueryAsync(caller.OrgId, db => db.Database.ExecuteSqlAsync(
            $"UPDATE incident_reference_counters SET last_value = 99 WHERE org_id = {caller.OrgId}"));

        var hundredth = await DeclareAsync(client);
        await service.QueryAsync(caller.OrgId, db => db.Database.ExecuteSqlAsync(
            $"UPDATE incident_reference_counters SET last_value = 999 WHERE org_id = {caller.OrgId}"));
        var thousandth = await DeclareAsync(client);

        Assert.Equal("INC-2024-100", hundredth.GetProperty("reference").GetString());
        Assert.Equal("INC-2024-1000", thousandth.GetProperty("reference").GetString());
        var stored = await service.QueryAsync(caller.OrgId, db => db.Incidents.Select(i => i.Reference).Order().ToListAsync());
        Assert.Equal(["INC-2024-001", "INC-2024-100", "INC-2024-1000"], stored);
    }

    [Fact]
    public async Task Resolving_an_incident_publishes_IncidentResolved_through_the_outbox()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<IncidentResolved>.StartAsync(service.MessagingConnectionString);
        var incident = await DeclareAsync(client);

        var resolved = await StepAsync(client, incident, "resolve", "2024-03-15T14:45:00Z");

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var body = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("resolved", body.GetProperty("status").GetString());
        Assert.Equal(22, body.GetProperty("durationMinutes").GetDouble());
        var published = await recorder.WaitForAsync(e => e.IncidentId == Guid.Parse(incident.GetProperty("id").GetString()!));
        Assert.Equal(caller.OrgId, published.OrgId);
        Assert.Equal(Severity.Sev2, published.Severity);
        Assert.Equal(DateTimeOffset.Parse("2024-03-15T14:45:00Z"), published.ResolvedAt);
        Assert.Equal(caller.UserId, published.IncidentLead.UserId);
    }

    [Fact]
    public async Task Resolving_twice_is_a_conflict_with_the_reason()
    {
        var client = service.CreateClient();
        var incident = await DeclareAsync(client);
        (await StepAsync(client, incident, "resolve", "2024-03-15T14:45:00Z")).EnsureSuccessStatusCode();

        var again = await StepAsync(client, incident, "resolve", "2024-03-15T14:50:00Z");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already resolved", (await ProblemAsync(again)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Resolving_before_detection_is_a_conflict_with_the_reason()
    {
        var client = service.CreateClient();
        var undetected = await DeclareAsync(client, Declaration(detected: false));
        var detected = await DeclareAsync(client);

        var notDetectedYet = await StepAsync(client, undetected, "resolve", "2024-03-15T14:45:00Z");
        var beforeDetectionTime = await StepAsync(client, detected, "resolve", "2024-03-15T14:25:00Z");

        Assert.Equal(HttpStatusCode.Conflict, notDetectedYet.StatusCode);
        Assert.Contains("before it has been detected", (await ProblemAsync(notDetectedYet)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, beforeDetectionTime.StatusCode);
        Assert.Contains("before it was detected", (await ProblemAsync(beforeDetectionTime)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_update_with_a_stale_If_Match_is_refused()
    {
        var client = service.CreateClient();
        var created = await client.PostAsJsonAsync("/api/incidents", Declaration());
        var staleETag = created.Headers.ETag!;
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
        (await StepAsync(client, incident, "acknowledge", "2024-03-15T14:28:00Z")).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident.GetProperty("id").GetString()}/mitigate")
        {
            Content = JsonContent.Create(new { at = "2024-03-15T14:38:00Z" }),
        };
        request.Headers.IfMatch.Add(staleETag);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.NotEqual(staleETag, response.Headers.ETag);
    }

    [Fact]
    public async Task An_invalid_body_gets_a_problem_naming_each_field()
    {
        var client = service.CreateClient();

        var missing = await client.PostAsJsonAsync("/api/incidents", new { severity = "SEV2" });
        var badSeverity = await client.PostAsJsonAsync("/api/incidents", new { title = "x", severity = "SEV9", startedAt = "2024-03-15T14:23:00Z" });
        var noOffset = await client.PostAsJsonAsync("/api/incidents", new { title = "x", severity = "SEV2", startedAt = "2024-03-15T14:23:00" });
        var malformed = await client.PostAsync("/api/incidents", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingErrors = (await ProblemAsync(missing)).GetProperty("errors");
        Assert.True(missingErrors.TryGetProperty("title", out _));
        Assert.True(missingErrors.TryGetProperty("startedAt", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.StatusCode);
        Assert.True((await ProblemAsync(badSeverity)).GetProperty("errors").TryGetProperty("severity", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        Assert.True((await ProblemAsync(noOffset)).GetProperty("errors").TryGetProperty("startedAt", out _));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Rules_a_well_formed_body_breaks_are_unprocessable()
    {
        var client = service.CreateClient();

        var future = await client.PostAsJsonAsync("/api/incidents", new { title = "x", severity = "SEV3", startedAt = DateTimeOffset.UtcNow.AddDays(1) });
        var tooLong = await client.PostAsJsonAsync("/api/incidents", new { title = new string('x', 10_000), severity = "SEV3", startedAt = "2024-03-15T14:23:00Z" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.True((await ProblemAsync(future)).GetProperty("errors").TryGetProperty("startedAt", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.True((await ProblemAsync(tooLong)).GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Another_org_can_neither_see_nor_change_an_incident()
    {
        var owner = service.CreateClient();
        var stranger = service.CreateClient();
        var incident = await DeclareAsync(owner);
        var id = incident.GetProperty("id").GetString();

        var read = await stranger.GetAsync($"/api/incidents/{id}");
        var resolve = await StepAsync(stranger, incident, "resolve", "2024-03-15T14:45:00Z");
        var list = await stranger.GetFromJsonAsync<JsonElement>("/api/incidents");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resolve.StatusCode);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        var stillDetected = await owner.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Equal("detected", stillDetected.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Listing_pages_through_the_orgs_incidents_newest_first()
    {
        var client = service.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await DeclareAsync(client);
        }

        var first = await client.GetFromJsonAsync<JsonElement>("/api/incidents?limit=3");
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/incidents?limit=3&cursor={first.GetProperty("nextCursor").GetString()}");
        var badLimit = await client.GetAsync("/api/incidents?limit=0");

        Assert.Equal(["INC-2024-005", "INC-2024-004", "INC-2024-003"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()));
        Assert.Equal(["INC-2024-002", "INC-2024-001"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_unauthorized()
    {
        var caller = TestCaller.NewOrg();
        var anonymous = service.CreateAnonymousClient();
        var garbage = service.CreateAnonymousClient();
        garbage.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt");
        var expired = service.CreateAnonymousClient();
        expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.MintToken(caller, lifetime: TimeSpan.FromMinutes(-10)));
        var noScope = service.CreateAnonymousClient();
        noScope.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.MintToken(caller, scopes: ["something.else"]));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await garbage.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await noScope.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_token_is_validated_in_full_once_and_a_tampered_copy_is_still_refused()
    {
        var caller = TestCaller.NewOrg();
        var token = service.MintToken(caller);
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var cache = service.Services.GetRequiredService<ValidatedTokenCache>();
        var client = service.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var forger = service.CreateAnonymousClient();
        forger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents")).StatusCode);
        Assert.True(cache.TryGet(token, out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/incidents")).StatusCode);
        Assert.False(cache.TryGet(tampered, out _));
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_are_served_without_a_token()
    {
        var anonymous = service.CreateAnonymousClient();

        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health");
        var alive = await anonymous.GetAsync("/alive");
        var openApi = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/incidents.json");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("checks").TryGetProperty("incidents-db", out _));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/incidents/{id}/resolve", out _));
        var declare = openApi.GetProperty("paths").GetProperty("/api/incidents").GetProperty("post");
        var requestExample = declare.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty("example");
        Assert.Equal("SEV2", requestExample.GetProperty("value").GetProperty("severity").GetString());
        var problemExample = declare.GetProperty("responses").GetProperty("422").GetProperty("content").EnumerateObject().Single().Value.GetProperty("examples").GetProperty("example");
        Assert.True(problemExample.GetProperty("value").GetProperty("errors").TryGetProperty("detectedAt", out _));
    }
}
