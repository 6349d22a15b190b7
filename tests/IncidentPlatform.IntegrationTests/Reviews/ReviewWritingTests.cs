using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>Writing a review, the blame check, readiness, and publishing immutable report versions.</summary>
public sealed class ReviewWritingTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    private static readonly object WorkedExampleAnalysis = new
    {
        summary = "checkout-api v2.4.1 exhausted its database connection pool under production load; about 300 checkouts failed for 22 minutes.",
        fiveWhys = new[]
        {
            "Checkouts failed because checkout-api could not get database connections.",
            "The pool was exhausted because v2.4.1 held connections during the payment provider call.",
            "The change passed staging because staging traffic never fills the pool.",
            "Load tests are not required for changes to connection handling.",
            "John deployed buggy code without proper testing.",
        },
        contributingFactors = new object[]
        {
            new { description = "v2.4.1 held a connection across the payment provider call.", category = "systems", role = "trigger" },
            new { description = "Canary analysis does not compare error rates automatically.", category = "tools", role = "amplifier" },
            new { description = "Staging traffic never exercises pool exhaustion.", category = "environment", role = "amplifier" },
            new { description = "The rollback runbook was hard to find during the incident.", category = "process", role = "recoveryFriction" },
        },
        wentWell = new[] { "The rollback took four minutes from decision to recovery." },
        wentPoorly = new[] { "The first alert went to a channel nobody watched." },
        gotLucky = new[] { "The incident happened outside the peak sales hour." },
        lessonsLearned = new[] { "Load-dependent failures need production-like load before promotion." },
        references = new[] { "https://grafana.example.com/d/checkout-api" },
    };

    [Fact]
    public async Task The_worked_example_is_refused_until_its_blame_and_missing_actions_are_resolved_then_publishes_and_tells_partners()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<ReviewPublished>.StartAsync(service.MessagingConnectionString);
        var incident = ReviewsTests.Resolved(caller, Severity.Sev2);
        await service.PublishAsync(incident);
        var reviewId = (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();

        var written = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", WorkedExampleAnalysis);
        var refused = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var review = await written.Content.ReadFromJsonAsync<JsonElement>();
        var finding = Assert.Single(review.GetProperty("blameFindings").EnumerateArray());
        Assert.Equal(("fiveWhys[4]", "personBlamedForChange"), (finding.GetProperty("field").GetString(), finding.GetProperty("rule").GetString()));
        Assert.Contains("deployment process allowed", finding.GetProperty("suggestion").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var missing = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["actionItems", "blamelessLanguage", "facilitator"], missing.EnumerateObject().Select(e => e.Name).Order());

        var accepted = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/blame-findings/accept", new
        {
            field = "fiveWhys[4]",
            sentence = finding.GetProperty("sentence").GetString(),
            reason = "Quoted from the incident channel to show the first reading; the factors above replace it.",
        });
        var seated = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/roles", new { facilitator = new { userId = "facilitator-oid", displayName = "Priya Natarajan" } });
        await service.PublishAsync(new ActionItemCreated(caller.OrgId, Guid.NewGuid(), reviewId, incident.IncidentId, incident.Reference,
            "Block promotion when canary error rate > 0.5%", caller.Person, new DateOnly(2024, 4, 30), "P1", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/readiness")).GetProperty("ready").GetBoolean(), "the review to be ready");
        var published = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var partnerEvent = await recorder.WaitForAsync(e => e.ReviewId == reviewId);
        Assert.Equal((caller.OrgId, incident.IncidentId, 1, Severity.Sev2), (partnerEvent.OrgId, partnerEvent.IncidentId, partnerEvent.ReportVersion, partnerEvent.Severity));
        Assert.Contains(partnerEvent.Links, link => link.Format == "html");
        var html = await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=html");
        foreach (var section in new[] { "1. Summary", "2. Timeline", "3. Root cause analysis", "4. Contributing factors", "5. Impact assessment",
            "6. Response evaluation", "7. Lessons learned", "8. Action items and owners", "9. Follow-up deadlines", "10. Supporting logs and references" })
        {
            Assert.Contains(section, html);
        }

        Assert.Equal("published", (await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_action_item_marked_won_t_do_no_longer_counts_as_the_reviews_action_and_its_status_is_kept()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var incident = ReviewsTests.Resolved(caller, Severity.Sev2);
        await service.PublishAsync(incident);
        var reviewId = (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();
        var itemId = Guid.NewGuid();
        await service.PublishAsync(new ActionItemCreated(caller.OrgId, itemId, reviewId, incident.IncidentId, incident.Reference,
            "Block promotion when canary error rate > 0.5%", caller.Person, new DateOnly(2030, 4, 30), "P1", DateTimeOffset.UtcNow));

        async Task<(string? Status, bool Counted)> StateAsync()
        {
            var review = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}");
            var readiness = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/readiness");
            var item = review.GetProperty("actionItems").EnumerateArray().FirstOrDefault();
            var check = readiness.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "actionItems");
            return (item.ValueKind == JsonValueKind.Undefined ? null : item.GetProperty("status").GetString(), check.GetProperty("passed").GetBoolean());
        }

        await Eventually.TrueAsync(async () => await StateAsync() == ("open", true), "the item to count");
        await service.PublishAsync(new ActionItemStatusChanged(caller.OrgId, itemId, reviewId, incident.IncidentId, incident.Reference,
            "Block promotion when canary error rate > 0.5%", "open", "wontDo", "Superseded", caller.Person, caller.Person, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await StateAsync() == ("wontDo", false), "the declined item to stop counting");
    }

    [Fact]
    public async Task Markup_in_any_text_is_stored_as_text_and_no_script_reaches_the_report()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var reviewId = await ReviewIdAsync(client, caller, Severity.Sev3);

        await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new
        {
            summary = "<script>alert('x')</script> Search latency <b>doubled</b>.",
            fiveWhys = new[] { "The index was rebuilt during peak <img src=x onerror=alert(1)>." },
            contributingFactors = new[] { new { description = "Rebuilds are not scheduled off-peak.", category = "process", role = "amplifier" } },
        });
        var published = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });
        var html = await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=html");
        var markdown = await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=markdown");
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}");

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<script>alert('x')</script>", stored.GetProperty("analysis").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_published_version_is_immutable_and_a_revision_republishes_with_a_change_note()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var reviewId = await ReviewIdAsync(client, caller, Severity.Sev3);
        var analysis = new
        {
            summary = "Search latency doubled for 40 minutes.",
            fiveWhys = new[] { "An index rebuild ran during peak traffic." },
            contributingFactors = new[] { new { description = "Rebuilds are not scheduled off-peak.", category = "process", role = "amplifier" } },
        };
        await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", analysis);
        await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });

        var unchanged = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { changeNote = "Nothing" });
        var editReport = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/reports/1", new { markdown = "rewritten" });
        var deleteReport = await client.DeleteAsync($"/api/reviews/{reviewId}/reports/1");
        var revised = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", analysis with { summary = "Search latency doubled for 42 minutes." });
        var withoutNote = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });
        var republished = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { changeNote = "Corrected the duration." });

        Assert.Equal(HttpStatusCode.Conflict, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, editReport.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, deleteReport.StatusCode);
        Assert.Equal("revising", (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutNote.StatusCode);
        Assert.Equal(2, (await republished.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var versions = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}/reports");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Contains("40 minutes", await client.GetStringAsync($"/api/reviews/{reviewId}/reports/1?format=markdown"));
        Assert.Contains("42 minutes", await client.GetStringAsync($"/api/reviews/{reviewId}/reports/2?format=markdown"));
    }

    [Fact]
    public async Task A_bad_analysis_names_each_field_and_a_stale_ETag_changes_nothing()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var reviewId = await ReviewIdAsync(client, caller, Severity.Sev2);
        var current = await client.GetAsync($"/api/reviews/{reviewId}");

        var tooDeep = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new { fiveWhys = Enumerable.Range(1, 11).Select(i => $"Why {i}") });
        var emptyStep = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new { fiveWhys = new[] { "First", " " } });
        var unknownCategory = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new { contributingFactors = new[] { new { description = "x", category = "luck", role = "trigger" } } });
        await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new { summary = "First version" });
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/reviews/{reviewId}/analysis") { Content = JsonContent.Create(new { summary = "Overwrites" }) };
        stale.Headers.IfMatch.Add(current.Headers.ETag!);
        var staleAnswer = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooDeep.StatusCode);
        Assert.True((await tooDeep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("fiveWhys", out _));
        Assert.True((await emptyStep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("fiveWhys[1]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknownCategory.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAnswer.StatusCode);
        Assert.Equal("First version", (await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}")).GetProperty("analysis").GetProperty("summary").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/reviews/{Guid.NewGuid()}/analysis", new { summary = "x" })).StatusCode);
    }

    [Fact]
    public async Task Another_org_can_not_write_read_readiness_publish_or_read_reports_of_a_review()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        var reviewId = await ReviewIdAsync(client, owner, Severity.Sev4);
        await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new { summary = "Canary caught a bad config before any user saw it." });
        (await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { })).EnsureSuccessStatusCode();
        var stranger = service.CreateClient();

        HttpResponseMessage[] answers =
        [
            await stranger.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", new { summary = "Mine" }),
            await stranger.PostAsJsonAsync($"/api/reviews/{reviewId}/blame-findings/accept", new { field = "summary", sentence = "x", reason = "y" }),
            await stranger.GetAsync($"/api/reviews/{reviewId}/readiness"),
            await stranger.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { changeNote = "Mine" }),
            await stranger.GetAsync($"/api/reviews/{reviewId}/reports"),
            await stranger.GetAsync($"/api/reviews/{reviewId}/reports/1"),
            await stranger.DeleteAsync($"/api/reviews/{reviewId}/reports/1"),
        ];

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{reviewId}")).GetProperty("publishedVersion").GetInt32());
    }

    private async Task<Guid> ReviewIdAsync(HttpClient client, TestCaller caller, Severity severity)
    {
        var incident = ReviewsTests.Resolved(caller, severity);
        await service.PublishAsync(incident);
        return (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();
    }
}
