using System.Net.Http.Headers;
using System.Net.Http.Json;
using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.AppHost.Demo;

/// <summary>
/// The demo organization every fresh platform starts with, holding the worked example of DOMAIN.md:
/// checkout-api v2.4.1, SEV2, 2024-03-15 14:23–14:45 UTC. Seeded through the gateway like any client
/// would, and only once (idempotent across restarts).
/// </summary>
public static class DemoOrganization
{
    public static readonly Guid OrgId = Guid.Parse("3b7e1c9a-52d4-4f8b-9a61-0c2d4e6f8a10");
    public static readonly PersonRef IncidentLead = new("8d2f4a6c-1e3b-4c5d-9f70-a1b2c3d4e5f6", "Alex Rivera");

    public const string IncidentTitle = "Checkout failures after checkout-api v2.4.1 deployment";

    /// <summary>The worked example's timeline as responders wrote it in the incident channel (UTC, 2024-03-15).</summary>
    public const string TimelineText = """
        14:23 Deployment of checkout-api v2.4.1 begins
        14:25 Deployment complete, canary receiving 5% traffic
        14:27 Alert: checkout error rate > 1% (PagerDuty)
        14:28 On-call engineer acknowledges alert, begins investigation
        14:31 Engineer identifies new deployment as potential cause
        14:33 Decision: rollback deployment
        14:35 Rollback initiated
        14:38 Rollback complete, error rate returning to baseline
        14:42 Confirmed: error rate back to normal
        14:45 Incident resolved
        """;

    /// <summary>After start-up: print the gateway and a dev token, and make sure the demo incident exists.</summary>
    public static void AddDemoOrganization(this PlatformBuilder builder, IResourceBuilder<ProjectResource> gateway) =>
        builder.OnStarted(async (app, cancellationToken) =>
        {
            var token = app.Identity.MintToken(OrgId, IncidentLead.UserId, IncidentLead.DisplayName, lifetime: TimeSpan.FromHours(24));
            var gatewayUrl = gateway.Resource.HttpEndpoint.ToString().TrimEnd('/');
            if (app.Options.SeedDemoData)
            {
                var seeded = await SeedAsync(gateway.Resource.HttpEndpoint, token, cancellationToken);
                app.SummaryLines.Add($"Demo data: {seeded}");
            }

            app.SummaryLines.Add($"Gateway: {gatewayUrl}");
            app.SummaryLines.Add($"API reference: {gatewayUrl}/docs");
            app.SummaryLines.Add($"Dev token: {token}");
            app.SummaryLines.Add($"Operator token: {app.Identity.MintOperatorToken(lifetime: TimeSpan.FromHours(24))}   (platform operators: {gatewayUrl}/operations/<service>/error-queues)");
            app.SummaryLines.Add($"Try: curl -H \"Authorization: Bearer $TOKEN\" {gatewayUrl}/api/incidents   (TOKEN = the dev token above; valid 24 h, for {IncidentLead.DisplayName} of the demo org)");
        });

    public static async Task<string> SeedAsync(Uri gateway, string token, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = gateway };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var existing = await client.GetFromJsonAsync<IncidentList>("api/incidents?limit=200", cancellationToken);
        var present = existing?.Items.FirstOrDefault(i => i.Title == IncidentTitle);
        if (present is not null)
        {
            return $"{present.Reference} already present in the demo org";
        }

        var declare = await client.PostAsJsonAsync("api/incidents", new
        {
            title = IncidentTitle,
            severity = "SEV2",
            services = new[] { "checkout-api" },
            startedAt = "2024-03-15T14:23:00Z",
            detectedAt = "2024-03-15T14:27:00Z",
            incidentLead = new { userId = IncidentLead.UserId, displayName = IncidentLead.DisplayName },
            summary = "checkout-api v2.4.1 exhausted its database connection pool under production load; about 300 checkouts failed until the rollback to v2.4.0.",
            kind = "degradedRelease",
            tags = new[] { "payments", "deploy" },
        }, cancellationToken);
        await EnsureSuccessAsync(declare, "declare the demo incident");
        var incident = (await declare.Content.ReadFromJsonAsync<IncidentSummary>(cancellationToken))!;

        var timeline = await client.PostAsJsonAsync($"api/incidents/{incident.Id}/timeline/import", new
        {
            format = "text",
            content = TimelineText,
            baseDate = "2024-03-15",
            timeZone = "UTC",
            source = "Slack #inc-checkout-api",
        }, cancellationToken);
        await EnsureSuccessAsync(timeline, "import the demo incident's timeline");

        var record = new (HttpMethod Method, string Path, object Body)[]
        {
            (HttpMethod.Put, "participants/demo-oncall", new { displayName = "Sam Chen (on-call SRE)", role = "operationsLead" }),
            (HttpMethod.Put, "participants/demo-support", new { displayName = "Priya Nair (support)", role = "support" }),
            (HttpMethod.Put, "impact", new { failedRequests = 300, affectedCustomers = 300, revenueEstimate = new { amount = 4500, currency = "USD" }, supportTickets = 12 }),
            (HttpMethod.Post, "evidence", new { kind = "dashboard", url = "https://grafana.example.com/d/checkout-api", title = "checkout-api error rate and latency" }),
            (HttpMethod.Post, "evidence", new { kind = "deployReport", url = "https://deploy.example.com/checkout-api/v2.4.1", title = "Deployment of v2.4.1" }),
        };
        foreach (var (method, path, body) in record)
        {
            using var request = new HttpRequestMessage(method, $"api/incidents/{incident.Id}/{path}") { Content = JsonContent.Create(body) };
            await EnsureSuccessAsync(await client.SendAsync(request, cancellationToken), $"record the demo incident's {path.Split('/')[0]}");
        }

        foreach (var (step, at) in new[] { ("acknowledge", "2024-03-15T14:28:00Z"), ("mitigate", "2024-03-15T14:38:00Z"), ("resolve", "2024-03-15T14:45:00Z") })
        {
            var response = await client.PostAsJsonAsync($"api/incidents/{incident.Id}/{step}", new { at }, cancellationToken);
            await EnsureSuccessAsync(response, $"{step} the demo incident");
        }

        var actions = await SeedActionItemsAsync(client, incident.Id, cancellationToken);
        return $"seeded {incident.Reference} (checkout-api, SEV2, resolved; its review opened through the event flow{actions})";
    }

    /// <summary>The worked example's three actions, due as far from today as they were from the incident, owned by people (the team is secondary).</summary>
    private static readonly (string Title, string Owner, string Priority, int DueInDays, string Type, string DefinitionOfDone)[] ActionItems =
    [
        ("Implement automated canary analysis that blocks promotion if error rate > 0.5%", "Sarah Kim", "P1", 15, "prevent",
            "A canary with an injected 1% error rate is blocked in staging; the gate runs on every checkout-api deploy."),
        ("Add integration test for payment retry with declined card codes", "Mike Chen", "P2", 10, "prevent",
            "The test passes in CI and fails against v2.4.1."),
        ("Implement automated rollback when the error rate exceeds 2x baseline", "Priya Shah", "P2", 31, "mitigate",
            "A staging drill with a doubled error rate rolls back without a human; the runbook links the trigger."),
    ];

    /// <summary>Waits (briefly) for the review to open and Actions to know it, then adds the three actions. Never fails the start.</summary>
    private static async Task<string> SeedActionItemsAsync(HttpClient client, Guid incidentId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        Guid? reviewId = null;
        var added = 0;
        while (DateTimeOffset.UtcNow < deadline && added < ActionItems.Length)
        {
            reviewId ??= (await client.GetFromJsonAsync<ReviewList>($"api/reviews?incidentId={incidentId}", cancellationToken))?.Items.FirstOrDefault()?.Id;
            if (reviewId is not null)
            {
                var (title, owner, priority, dueInDays, type, definitionOfDone) = ActionItems[added];
                var response = await client.PostAsJsonAsync("api/action-items", new
                {
                    reviewId,
                    title,
                    owner = new { userId = "demo-" + owner.Split(' ')[0].ToLowerInvariant(), displayName = owner },
                    secondaryOwnerTeam = "Platform Team",
                    dueDate = DateTime.UtcNow.AddDays(dueInDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    priority,
                    type,
                    definitionOfDone,
                }, cancellationToken);
                // 422 naming the review: Actions has not heard of it yet (the event is on its way); try again shortly.
                if (response.IsSuccessStatusCode)
                {
                    added++;
                    continue;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        }

        return added == ActionItems.Length ? ", with its three action items" : $"; {added} of its {ActionItems.Length} action items added before the seed gave up waiting";
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new PlatformStartException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record IncidentList(List<IncidentSummary> Items);

    private sealed record IncidentSummary(Guid Id, string Reference, string Title);

    private sealed record ReviewList(List<ReviewSummary> Items);

    private sealed record ReviewSummary(Guid Id);
}
