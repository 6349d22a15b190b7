using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>The knowledge base: ranked full-text search over published reviews with highlights and filters, and similar past incidents.</summary>
public sealed class KnowledgeBaseTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    private sealed record Published(Guid ReviewId, Guid IncidentId);

    [Fact]
    public async Task A_search_ranks_the_title_match_first_marks_the_matched_words_and_escapes_the_reviews_own_markup()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var inTitle = await PublishAsync(client, caller, "Checkout connection pool exhausted", ["checkout-api"], [],
            "Checkouts failed for 22 minutes.", ("A release held connections during the payment call.", "systems"));
        var inBody = await PublishAsync(client, caller, "Slow order history", ["orders-api"], [],
            "Order pages were slow. The connection pool of orders-db <script>alert(1)</script> was sized for 20 < 50 & \"burst\" traffic.",
            ("Capacity reviews skip connection pools.", "process"));
        await PublishAsync(client, caller, "DNS resolver outage", ["edge"], [], "Name resolution failed in one region.");

        var results = await SearchAsync(client, "q=connection+pool");

        var items = results.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([inTitle.ReviewId, inBody.ReviewId], items.Select(i => i.GetProperty("reviewId").GetGuid()));
        Assert.Equal(2, results.GetProperty("total").GetInt64());
        Assert.True(results.GetProperty("totalExact").GetBoolean());
        Assert.True(items[0].GetProperty("rank").GetDouble() > items[1].GetProperty("rank").GetDouble());
        Assert.Equal("Checkout <mark>connection</mark> <mark>pool</mark> exhausted", items[0].GetProperty("titleHighlight").GetString());
        var excerpt = string.Join(" … ", items[1].GetProperty("excerpts").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("<mark>pool</mark>", excerpt);
        // PostgreSQL drops well-formed tags from highlights; everything else of the review's text is escaped.
        Assert.Contains("20 &lt; 50 &amp; &quot;burst&quot;", excerpt);
        Assert.DoesNotContain("<script", excerpt);
    }

    [Fact]
    public async Task Filters_by_service_severity_tag_factor_category_and_start_date_each_narrow_the_results()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var payments = await PublishAsync(client, caller, "Payment retries doubled charges", ["payments-api"], ["billing"],
            "Retries without idempotency keys charged some customers twice.", ("Retries had no idempotency key.", "systems"),
            severity: Severity.Sev3, startedAt: DateTimeOffset.Parse("2024-02-10T10:00:00Z"));
        var search = await PublishAsync(client, caller, "Search index lagged behind", ["search-api"], ["indexing"],
            "The indexer fell behind after a schema change.", ("The schema change runbook missed the reindex step.", "process"),
            severity: Severity.Sev4, startedAt: DateTimeOffset.Parse("2024-05-20T10:00:00Z"));

        async Task<IEnumerable<Guid>> Found(string filter) =>
            (await SearchAsync(client, filter)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reviewId").GetGuid());

        Assert.Equal([search.ReviewId, payments.ReviewId], await Found(""));
        Assert.Equal([payments.ReviewId], await Found("service=payments-api"));
        Assert.Equal([search.ReviewId], await Found("severity=P4"));
        Assert.Equal([search.ReviewId], await Found("tag=indexing"));
        Assert.Equal([payments.ReviewId], await Found("factorCategory=systems"));
        Assert.Equal([payments.ReviewId], await Found("from=2024-01-01&to=2024-03-01"));
        Assert.Equal([search.ReviewId], await Found("from=2024-03-01T00:00:00Z"));
        Assert.Empty(await Found("q=idempotency&service=search-api"));
        Assert.Equal([payments.ReviewId], await Found("q=idempotency+-search"));
    }

    [Fact]
    public async Task Only_the_latest_published_version_is_searchable_and_a_draft_is_not()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await PublishAsync(client, caller, "Queue consumers stalled", ["worker"], [], "Consumers stopped after a broker failover.");
        var draftIncident = ReviewsTests.Resolved(caller, Severity.Sev4) with { Title = "Broker failover in a draft" };
        await service.PublishAsync(draftIncident);
        await ReviewsTests.ReviewOfAsync(client, draftIncident.IncidentId);

        var edited = await client.PutAsJsonAsync($"/api/reviews/{review.ReviewId}/analysis", new { summary = "Consumers stopped after a network partition." });
        edited.EnsureSuccessStatusCode();
        Assert.Single((await SearchAsync(client, "q=broker+failover")).GetProperty("items").EnumerateArray());
        (await client.PostAsJsonAsync($"/api/reviews/{review.ReviewId}/publish", new { changeNote = "The cause was a partition." })).EnsureSuccessStatusCode();

        Assert.Empty((await SearchAsync(client, "q=broker+failover")).GetProperty("items").EnumerateArray());
        var republished = Assert.Single((await SearchAsync(client, "q=partition")).GetProperty("items").EnumerateArray());
        Assert.Equal(2, republished.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Similar_past_incidents_share_services_factor_categories_and_wording_best_first()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var samePool = await PublishAsync(client, caller, "Checkout database pool exhausted", ["checkout-api", "orders-db"], [],
            "Checkout requests timed out waiting for database connections.", ("A release held database connections too long.", "systems"));
        var sameService = await PublishAsync(client, caller, "Checkout page styling broken", ["checkout-api"], [],
            "A stylesheet was cached with the wrong version.", ("The CDN cache was not purged.", "tools"));
        await PublishAsync(client, caller, "Office wifi down", ["corp-network"], [], "The office access points rebooted.");

        var draft = ReviewsTests.Resolved(caller, Severity.Sev2) with { Title = "Checkout timed out on database connections", Services = ["checkout-api"] };
        await service.PublishAsync(draft);
        var draftId = (await ReviewsTests.ReviewOfAsync(client, draft.IncidentId)).GetProperty("id").GetGuid();
        (await client.PutAsJsonAsync($"/api/reviews/{draftId}/analysis", new
        {
            summary = "Checkout requests waited for database connections until they timed out.",
            contributingFactors = new[] { new { description = "Pool size was not reviewed after traffic grew.", category = "systems", role = "amplifier" } },
        })).EnsureSuccessStatusCode();

        var similar = await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{draftId}/similar");

        var found = similar.EnumerateArray().ToList();
        Assert.True(found.Count == 2, similar.ToString());
        Assert.Equal([samePool.ReviewId, sameService.ReviewId], found.Select(s => s.GetProperty("reviewId").GetGuid()));
        Assert.Equal(["checkout-api"], found[0].GetProperty("sharedServices").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["systems"], found[0].GetProperty("sharedFactorCategories").EnumerateArray().Select(s => s.GetString()));
        Assert.True(found[0].GetProperty("textSimilarity").GetDouble() > found[1].GetProperty("textSimilarity").GetDouble(), similar.ToString());
        Assert.True(found[0].GetProperty("score").GetDouble() > found[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task A_new_incident_like_an_earlier_one_is_suggested_as_its_repeat_and_counts_in_the_rate_until_dismissed()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var earlier = await PublishAsync(client, caller, "Checkout database pool exhausted", ["checkout-api"], [],
            "Checkout requests timed out waiting for database connections.", startedAt: DateTimeOffset.Parse("2024-01-10T10:00:00Z"));
        var other = await PublishAsync(client, caller, "Search index lagged behind", ["search-api"], [],
            "The indexer fell behind.", startedAt: DateTimeOffset.Parse("2024-01-20T10:00:00Z"));

        var repeat = ReviewsTests.Resolved(caller, Severity.Sev2) with { Title = "Checkout database pool exhausted again", Services = ["checkout-api"] };
        await service.PublishAsync(repeat);
        var review = await ReviewsTests.ReviewOfAsync(client, repeat.IncidentId);
        var unrelated = ReviewsTests.Resolved(caller, Severity.Sev3) with { Title = "Office wifi down", Services = ["corp-network"] };
        await service.PublishAsync(unrelated);
        var unrelatedReview = await ReviewsTests.ReviewOfAsync(client, unrelated.IncidentId);

        var link = review.GetProperty("repeatOf");
        Assert.Equal(earlier.ReviewId, link.GetProperty("reviewId").GetGuid());
        Assert.Equal("suggested", link.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, unrelatedReview.GetProperty("repeatOf").ValueKind);
        var rate = await client.GetFromJsonAsync<JsonElement>("/api/reviews/repeat-rate?from=2024-01-01&to=2025-01-01");
        Assert.Equal((4, 1, 0.25), (rate.GetProperty("incidents").GetInt32(), rate.GetProperty("repeats").GetInt32(), rate.GetProperty("rate").GetDouble()));
        var checkout = rate.GetProperty("byService").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "checkout-api");
        Assert.Equal((2, 1), (checkout.GetProperty("incidents").GetInt32(), checkout.GetProperty("repeats").GetInt32()));

        var reviewId = review.GetProperty("id").GetGuid();
        var later = await client.PutAsJsonAsync($"/api/reviews/{other.ReviewId}/repeat-of", new { reviewId });
        var self = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/repeat-of", new { reviewId });
        var draft = await client.PutAsJsonAsync($"/api/reviews/{earlier.ReviewId}/repeat-of", new { reviewId = unrelatedReview.GetProperty("id").GetGuid() });
        var missing = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/repeat-of", new { });
        var confirmed = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/repeat-of", new { reviewId = earlier.ReviewId });
        var stranger = await service.CreateClient().DeleteAsync($"/api/reviews/{reviewId}/repeat-of");
        var dismissed = await client.DeleteAsync($"/api/reviews/{reviewId}/repeat-of");
        var noLink = await client.DeleteAsync($"/api/reviews/{unrelatedReview.GetProperty("id").GetGuid()}/repeat-of");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, later.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, draft.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reviewId", out _));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("repeatOf").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal("dismissed", (await dismissed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("repeatOf").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, noLink.StatusCode);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/reviews/repeat-rate?from=2024-01-01&to=2025-01-01");
        Assert.Equal(0, after.GetProperty("repeats").GetInt32());
        var strangerRate = await service.CreateClient().GetFromJsonAsync<JsonElement>("/api/reviews/repeat-rate");
        Assert.Equal(0, strangerRate.GetProperty("incidents").GetInt32());
    }

    [Fact]
    public async Task More_than_a_thousand_matches_are_at_least_a_thousand_and_an_old_title_match_still_ranks_first()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        // The org's knowledge base as publishing leaves it (a read model of published reviews), written in one statement:
        // 1,100 reviews whose body mentions a connection pool, the oldest of them the one whose title is about it.
        var oldest = DateTimeOffset.Parse("2019-01-01T00:00:00Z");
        await service.QueryAsync(caller.OrgId, db => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO knowledge_entries (review_id, org_id, incident_id, incident_reference, title, severity, services, tags,
                factor_categories, keywords, summary, factors, body, incident_started_at, version, published_at)
            SELECT gen_random_uuid(), {caller.OrgId}, gen_random_uuid(), 'INC-2019-' || lpad(g::text, 4, '0'),
                   CASE WHEN g = 1 THEN 'Connection pool exhausted at checkout' ELSE 'Slow pages #' || g END,
                   'Sev3', ARRAY['checkout-api'], ARRAY[]::text[], ARRAY['systems'], 'checkout-api', 'Pages were slow.', '',
                   'Requests waited on the connection pool of the database.',
                   {oldest} + g * interval '1 hour', 1, {oldest} + g * interval '1 hour' + interval '3 days'
            FROM generate_series(1, 1100) AS g
            """));

        var results = await SearchAsync(client, "q=connection+pool&limit=5");
        var secondPage = await SearchAsync(client, "q=connection+pool&limit=5&offset=5");
        var narrowed = await SearchAsync(client, "q=connection+pool&to=2019-01-05");
        var pastTheRankedResults = await client.GetAsync("/api/reviews/search?q=connection+pool&offset=490&limit=20");

        Assert.Equal(1000, results.GetProperty("total").GetInt64());
        Assert.False(results.GetProperty("totalExact").GetBoolean());
        var items = results.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("Connection pool exhausted at checkout", items[0].GetProperty("title").GetString());
        Assert.Empty(secondPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reviewId").GetGuid())
            .Intersect(items.Select(i => i.GetProperty("reviewId").GetGuid())));
        // The first 95 hours' reviews (started before 2019-01-05): counted exactly.
        Assert.Equal(95, narrowed.GetProperty("total").GetInt64());
        Assert.True(narrowed.GetProperty("totalExact").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, pastTheRankedResults.StatusCode);
        var errors = (await pastTheRankedResults.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["offset"], errors.EnumerateObject().Select(e => e.Name));
        // Browsing without words pages further (newest first), counted the same way.
        var browsed = await SearchAsync(client, "service=checkout-api&offset=990&limit=20");
        Assert.Equal(20, browsed.GetProperty("items").GetArrayLength());
        Assert.Equal(1000, browsed.GetProperty("total").GetInt64());
        Assert.False(browsed.GetProperty("totalExact").GetBoolean());
    }

    [Fact]
    public async Task A_page_past_the_last_result_is_empty_and_still_says_how_many_there_are()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await PublishAsync(client, caller, "Cache stampede after a deploy", ["edge"], [], "Every cached key expired at the same moment.");

        foreach (var query in new[] { "q=cache+stampede&offset=40", "offset=40" })
        {
            var page = await SearchAsync(client, query);

            Assert.Empty(page.GetProperty("items").EnumerateArray());
            Assert.Equal(1, page.GetProperty("total").GetInt64());
            Assert.True(page.GetProperty("totalExact").GetBoolean());
        }
    }

    [Fact]
    public async Task Bad_search_input_is_a_400_naming_each_field()
    {
        var client = service.CreateClient();

        var response = await client.GetAsync(
            $"/api/reviews/search?q={new string('x', 501)}&severity=SEV9&factorCategory=blame&from=yesterday&limit=0&offset=5000");
        var inverted = await client.GetAsync("/api/reviews/search?from=2024-05-01&to=2024-04-01");
        var similarLimit = await client.GetAsync($"/api/reviews/{Guid.NewGuid()}/similar?limit=100");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["factorCategory", "from", "limit", "offset", "q", "severity"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.True((await inverted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal(HttpStatusCode.BadRequest, similarLimit.StatusCode);
    }

    [Fact]
    public async Task Another_org_finds_none_of_it_and_cannot_compare_against_it()
    {
        var caller = TestCaller.NewOrg();
        var owner = service.CreateClient(caller);
        var review = await PublishAsync(owner, caller, "Ledger export duplicated rows", ["ledger"], ["finance"], "An export job ran twice after a retry.");
        var stranger = service.CreateClient();

        var search = await SearchAsync(stranger, "q=ledger+export");
        var browse = await SearchAsync(stranger, "service=ledger");
        var similar = await stranger.GetAsync($"/api/reviews/{review.ReviewId}/similar");

        Assert.Empty(search.GetProperty("items").EnumerateArray());
        Assert.Equal(0, search.GetProperty("total").GetInt64());
        Assert.Empty(browse.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, similar.StatusCode);
        Assert.Single((await SearchAsync(owner, "q=ledger+export")).GetProperty("items").EnumerateArray());
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/reviews/search?{query}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"search?{query}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>A SEV4 (or given severity) incident's review, written and published through the API.</summary>
    private async Task<Published> PublishAsync(
        HttpClient client, TestCaller caller, string title, string[] services, string[] tags, string summary,
        (string Description, string Category)? factor = null, Severity severity = Severity.Sev4, DateTimeOffset? startedAt = null)
    {
        var incident = ReviewsTests.Resolved(caller, severity) with { Title = title, Services = services, Tags = tags };
        if (startedAt is { } started)
        {
            incident = incident with { StartedAt = started, DetectedAt = started.AddMinutes(5), ResolvedAt = started.AddHours(1) };
        }

        await service.PublishAsync(incident);
        var reviewId = (await ReviewsTests.ReviewOfAsync(client, incident.IncidentId)).GetProperty("id").GetGuid();
        var analysis = new Dictionary<string, object> { ["summary"] = summary };
        if (factor is { } f)
        {
            analysis["contributingFactors"] = new[] { new { description = f.Description, category = f.Category, role = "trigger" } };
        }

        if (severity is Severity.Sev3)
        {
            analysis["fiveWhys"] = new[] { "Why did it fail? " + summary };
            analysis["contributingFactors"] = new[]
            {
                new { description = factor?.Description ?? "A trigger.", category = factor?.Category ?? "systems", role = "trigger" },
                new { description = "Alerts did not page anyone.", category = factor?.Category ?? "systems", role = "amplifier" },
            };
        }

        var written = await client.PutAsJsonAsync($"/api/reviews/{reviewId}/analysis", analysis);
        Assert.True(written.IsSuccessStatusCode, $"analysis: {(int)written.StatusCode} {await written.Content.ReadAsStringAsync()}");
        var published = await client.PostAsJsonAsync($"/api/reviews/{reviewId}/publish", new { });
        Assert.True(published.IsSuccessStatusCode, $"publish: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        return new Published(reviewId, incident.IncidentId);
    }
}
