using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Notifications.PartnerEventSamples;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.IntegrationTests.Notifications;

public sealed class WebhookTests(WebhooksServiceFixture service) : IClassFixture<WebhooksServiceFixture>
{
    internal const string ReviewPublishedType = "com.incidentplatform.review.published.v1";
    private const string IncidentDeclaredType = "com.incidentplatform.incident.declared.v1";

    private WebhookReceiver Receiver => service.Receiver;

    [Fact]
    public async Task A_published_review_reaches_a_subscribed_endpoint_as_a_signed_CloudEvent()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, secret) = await RegisterAsync(client, url, ReviewPublishedType);
        var messageId = Guid.NewGuid();
        var published = ReviewPublishedFor(partner);

        await service.PublishAsync(published, messageId);

        var received = await ReceivedAsync(url, 1);
        var webhook = received[0];
        Assert.True(StandardWebhooksVerifier.Verify(secret, webhook.Headers, webhook.Body, webhook.ReceivedAt));
        Assert.StartsWith("application/cloudevents+json", webhook.ContentType);
        using var body = JsonDocument.Parse(webhook.Body);
        var cloudEvent = body.RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(messageId.ToString(), cloudEvent.GetProperty("id").GetString());
        Assert.Equal($"/orgs/{partner.OrgId}", cloudEvent.GetProperty("source").GetString());
        Assert.Equal(ReviewPublishedType, cloudEvent.GetProperty("type").GetString());
        Assert.Equal($"reviews/{published.ReviewId}", cloudEvent.GetProperty("subject").GetString());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        Assert.EndsWith("Z", cloudEvent.GetProperty("time").GetString());
        Assert.Equal(published.ReviewId.ToString(), cloudEvent.GetProperty("data").GetProperty("reviewId").GetString());
        Assert.Equal("SEV2", cloudEvent.GetProperty("data").GetProperty("severity").GetString());

        var delivery = await SingleDeliveryAsync(client, endpointId, "succeeded");
        Assert.Equal(webhook.Headers["webhook-id"], delivery.GetProperty("webhookId").GetString());
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}/deliveries/{delivery.GetProperty("id").GetString()}");
        Assert.Equal(webhook.Body, detail.GetProperty("payload").GetString());
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("ok", attempt.GetProperty("responseExcerpt").GetString());
    }

    [Fact]
    public async Task Only_subscribed_types_of_the_endpoints_own_org_are_delivered_and_a_redelivered_event_once()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);
        var messageId = Guid.NewGuid();

        await service.PublishAsync(ReviewPublishedFor(partner));
        await service.PublishAsync(IncidentDeclaredFor(TestCaller.NewOrg()));
        await service.PublishAsync(IncidentDeclaredFor(partner), messageId);
        await service.PublishAsync(IncidentDeclaredFor(partner), messageId);

        await Eventually.TrueAsync(() => service.Consumed.Count(messageId) == 2, "both copies of the event to be consumed");
        var received = await ReceivedAsync(url, 1);
        Assert.Equal(IncidentDeclaredType, JsonDocument.Parse(received[0].Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(1, await service.QueryAsync(partner.OrgId, db => db.WebhookDeliveries.CountAsync()));
        Assert.Single(Receiver.ReceivedAt(url));
        await SingleDeliveryAsync(client, endpointId, "succeeded");
        Assert.Equal(0u, await service.SkippedMessagesAsync());
    }

    [Fact]
    public async Task An_event_no_endpoint_subscribes_to_is_acknowledged_without_an_inbox_row_and_one_delivered_keeps_it()
    {
        var partner = TestCaller.NewOrg();
        var url = Receiver.NewUrl();
        await RegisterAsync(service.CreateClient(partner), url, IncidentDeclaredType);
        var unsubscribed = TestCaller.NewOrg();
        var (deliveredId, unsubscribedId) = (Guid.NewGuid(), Guid.NewGuid());

        await service.PublishAsync(IncidentDeclaredFor(unsubscribed), unsubscribedId);
        await service.PublishAsync(IncidentDeclaredFor(partner), deliveredId);

        await Eventually.TrueAsync(() => service.Consumed.Count(unsubscribedId) == 1 && service.Consumed.Count(deliveredId) == 1, "both events to be consumed");
        await ReceivedAsync(url, 1);
        Assert.Equal(0, await service.QueryAsync(unsubscribed.OrgId, db => db.InboxMessages.CountAsync(m => m.MessageId == unsubscribedId)));
        Assert.Equal(1, await service.QueryAsync(partner.OrgId, db => db.InboxMessages.CountAsync(m => m.MessageId == deliveredId)));
        Assert.Equal(0u, await service.SkippedMessagesAsync());
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_on_the_schedule_with_the_same_webhook_id_until_it_answers()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        Receiver.Plan(url, WebhookReceiver.Status(500), WebhookReceiver.Status(503));
        var (endpointId, secret) = await RegisterAsync(client, url, IncidentDeclaredType);

        await service.PublishAsync(IncidentDeclaredFor(partner));

        var first = await PendingAfterAttemptsAsync(client, endpointId, 1);
        var waited = DateTimeOffset.Parse(first.GetProperty("nextAttemptAt").GetString()!) - service.Clock.GetUtcNow();
        Assert.InRange(waited.TotalSeconds, 0, 5 * 1.2);

        service.Clock.Advance(TimeSpan.FromSeconds(7));
        var second = await PendingAfterAttemptsAsync(client, endpointId, 2);
        Assert.Equal(503, second.GetProperty("lastStatusCode").GetInt32());
        var secondWait = DateTimeOffset.Parse(second.GetProperty("nextAttemptAt").GetString()!) - service.Clock.GetUtcNow();
        Assert.InRange(secondWait.TotalMinutes, 5 * 0.8 - 0.1, 5 * 1.2);

        service.Clock.Advance(TimeSpan.FromMinutes(7));
        var delivery = await SingleDeliveryAsync(client, endpointId, "succeeded");

        Assert.Equal(3, delivery.GetProperty("attemptCount").GetInt32());
        var received = Receiver.ReceivedAt(url);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.All(received, r => Assert.True(StandardWebhooksVerifier.Verify(secret, r.Headers, r.Body, r.ReceivedAt)));
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}/deliveries/{delivery.GetProperty("id").GetString()}");
        Assert.Equal(["failed", "failed", "succeeded"], detail.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal("planned 500", detail.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString());
    }

    [Fact]
    public async Task An_endpoint_that_hangs_times_out_and_is_retried()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        Receiver.Plan(url, Receiver.Hang());
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);

        await service.PublishAsync(IncidentDeclaredFor(partner));

        var delivery = await PendingAfterAttemptsAsync(client, endpointId, 1);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}/deliveries/{delivery.GetProperty("id").GetString()}");
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        Assert.Equal("timedOut", attempt.GetProperty("outcome").GetString());
        Assert.Contains($"{WebhooksServiceFixture.TimeoutSeconds} s", attempt.GetProperty("error").GetString());

        service.Clock.Advance(TimeSpan.FromSeconds(7));
        await SingleDeliveryAsync(client, endpointId, "succeeded");
    }

    [Fact]
    public async Task An_endpoint_answering_410_is_disabled_its_creator_told_and_a_replay_catches_it_up()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        Receiver.Plan(url, WebhookReceiver.Status(410));
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);
        var start = service.Clock.GetUtcNow();

        await service.PublishAsync(IncidentDeclaredFor(partner));
        var gone = await SingleDeliveryAsync(client, endpointId, "failed");
        var endpoint = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}");
        Assert.Equal("disabled", endpoint.GetProperty("status").GetString());
        Assert.Contains("410", endpoint.GetProperty("disabledReason").GetString());
        var told = await DisabledNotificationAsync(client);
        Assert.Equal($"/api/webhooks/endpoints/{endpointId}", told.GetProperty("link").GetString());

        // While disabled, events are logged as skipped, and the test event is refused.
        await service.PublishAsync(IncidentDeclaredFor(partner));
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(client, endpointId, "skipped")).Count == 1, "the event to be logged as skipped");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(
            $"/api/webhooks/endpoints/{endpointId}/deliveries/{gone.GetProperty("id").GetString()}/replay", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/enable", null)).StatusCode);
        var replay = await client.PostAsJsonAsync($"/api/webhooks/endpoints/{endpointId}/replay", new { from = start.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(2, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(client, endpointId, "succeeded")).Count == 2, "both deliveries to succeed on replay");
        Assert.Equal(3, Receiver.ReceivedAt(url).Count);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_by_default_and_one_to_a_private_address_is_refused_even_when_following()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var plain = Receiver.NewUrl();
        var following = Receiver.NewUrl();
        Receiver.Plan(plain, WebhookReceiver.Redirect(307, Receiver.NewUrl()));
        Receiver.Plan(following, WebhookReceiver.Redirect(307, "http://127.0.0.1:9/steal"), WebhookReceiver.Redirect(308, "http://169.254.169.254/latest/meta-data/"));
        var (plainId, _) = await RegisterAsync(client, plain, IncidentDeclaredType);
        var (followingId, _) = await RegisterAsync(client, following, IncidentDeclaredType, followRedirects: true);

        await service.PublishAsync(IncidentDeclaredFor(partner));

        var notFollowed = await AttemptsAsync(client, plainId, 1);
        Assert.Equal("failed", notFollowed[0].GetProperty("outcome").GetString());
        Assert.Contains("not followed", notFollowed[0].GetProperty("error").GetString());

        var refused = await AttemptsAsync(client, followingId, 1);
        Assert.Equal("blocked", refused[0].GetProperty("outcome").GetString());
        Assert.Contains("127.0.0.1", refused[0].GetProperty("error").GetString());
        service.Clock.Advance(TimeSpan.FromSeconds(7));
        var metadata = await AttemptsAsync(client, followingId, 2);
        Assert.Equal("blocked", metadata[1].GetProperty("outcome").GetString());
        Assert.Contains("169.254.169.254", metadata[1].GetProperty("error").GetString());
        var logged = service.Logs.GetSnapshot().Where(log => log.Level == LogLevel.Warning && log.Message.Contains(followingId.ToString())).ToList();
        Assert.Contains(logged, log => log.Message.Contains("Redirect to 127.0.0.1 refused"));
        Assert.Contains(logged, log => log.Message.Contains("169.254.169.254"));
    }

    [Fact]
    public async Task A_registration_aimed_at_a_private_address_is_refused_and_logged_with_its_org()
    {
        var partner = TestCaller.NewOrg();

        var response = await service.CreateClient(partner).PostAsJsonAsync(
            "/api/webhooks/endpoints", new { url = "http://169.254.169.254/latest/meta-data/", eventTypes = new[] { ReviewPublishedType } });

        await AssertFieldErrorAsync(response, "url");
        Assert.Contains(service.Logs.GetSnapshot(), log => log.Level == LogLevel.Warning
            && log.Message.Contains(partner.OrgId.ToString()) && log.Message.Contains("169.254.169.254"));
    }

    [Fact]
    public async Task An_endpoint_that_is_down_for_ten_minutes_gets_every_event_once_it_is_back()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, secret) = await RegisterAsync(client, url, IncidentDeclaredType);
        var start = service.Clock.GetUtcNow();

        await Receiver.GoDownAsync();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await service.PublishAsync(IncidentDeclaredFor(partner));
            }

            // The schedule's first three attempts (at once, 5 s, 5 min later) meet a closed port.
            await AllPendingAfterAttemptsAsync(client, endpointId, 3, attempts: 1);
            service.Clock.Advance(TimeSpan.FromSeconds(7));
            await AllPendingAfterAttemptsAsync(client, endpointId, 3, attempts: 2);
            service.Clock.Advance(TimeSpan.FromMinutes(7));
            await AllPendingAfterAttemptsAsync(client, endpointId, 3, attempts: 3);
            service.Clock.Advance(start.AddMinutes(10) - service.Clock.GetUtcNow());
        }
        finally
        {
            await Receiver.ComeBackAsync();
        }

        Assert.Empty(Receiver.ReceivedAt(url));
        // The fourth attempt comes 30 min (± 20 %) after the third.
        service.Clock.Advance(TimeSpan.FromMinutes(40));
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(client, endpointId, "succeeded")).Count == 3, "all three deliveries to succeed");

        var received = Receiver.ReceivedAt(url);
        Assert.Equal(3, received.Count);
        Assert.Equal(3, received.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        Assert.All(received, r => Assert.True(StandardWebhooksVerifier.Verify(secret, r.Headers, r.Body, r.ReceivedAt)));
        var attempts = await AttemptsAsync(client, endpointId, 4);
        Assert.Equal(["failed", "failed", "failed", "succeeded"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Contains(attempts[..3], a => a.GetProperty("error").GetString()!.Contains("refused", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_delivery_made_before_webhook_ids_were_stored_keeps_the_one_made_from_its_id()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);
        await service.PublishAsync(IncidentDeclaredFor(partner));
        var deliveryId = Guid.Parse((await SingleDeliveryAsync(client, endpointId, "succeeded")).GetProperty("id").GetString()!);
        // As the migration that added the column left the rows before it.
        await service.QueryAsync(partner.OrgId, db => db.Database.ExecuteSqlAsync($"UPDATE webhook_deliveries SET webhook_id = NULL WHERE id = {deliveryId}"));
        var legacyId = $"msg_{deliveryId:N}";

        Assert.Equal(legacyId, (await SingleDeliveryAsync(client, endpointId, "succeeded")).GetProperty("webhookId").GetString());
        var replay = await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/deliveries/{deliveryId}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var received = await ReceivedAsync(url, 2);
        Assert.NotEqual(legacyId, received[0].Headers["webhook-id"]);
        Assert.Equal(legacyId, received[1].Headers["webhook-id"]);
    }

    [Fact]
    public async Task A_delivery_replayed_by_hand_is_sent_again_with_the_same_webhook_id_and_body()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, secret) = await RegisterAsync(client, url, IncidentDeclaredType);
        await service.PublishAsync(IncidentDeclaredFor(partner));
        var delivery = await SingleDeliveryAsync(client, endpointId, "succeeded");

        var replay = await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/deliveries/{delivery.GetProperty("id").GetString()}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var received = await ReceivedAsync(url, 2);
        Assert.Equal(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.True(StandardWebhooksVerifier.Verify(secret, received[1].Headers, received[1].Body, received[1].ReceivedAt));
        var attempts = await AttemptsAsync(client, endpointId, 2);
        Assert.All(attempts, a => Assert.Equal("succeeded", a.GetProperty("outcome").GetString()));
        Assert.Equal(2, (await SingleDeliveryAsync(client, endpointId, "succeeded")).GetProperty("attemptCount").GetInt32());
    }

    [Fact]
    public async Task An_endpoint_whose_deliveries_have_failed_for_five_days_is_disabled_and_its_creator_told()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        Receiver.Plan(url, WebhookReceiver.Status(503));
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);
        // Its record of five days of failures, as the retry schedule would have left it (the schedule is unit-tested).
        var failingSince = service.Clock.GetUtcNow().AddDays(-5);
        await service.QueryAsync(partner.OrgId, db => db.WebhookEndpoints.Where(e => e.Id == endpointId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.FailingSince, failingSince)));

        await service.PublishAsync(IncidentDeclaredFor(partner));

        await SingleDeliveryAsync(client, endpointId, "skipped");
        var endpoint = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}");
        Assert.Equal("disabled", endpoint.GetProperty("status").GetString());
        var reason = endpoint.GetProperty("disabledReason").GetString()!;
        Assert.StartsWith("Every delivery failed for 5 days", reason);
        Assert.EndsWith("The endpoint answered 503.", reason);
        var told = await DisabledNotificationAsync(client);
        Assert.Equal($"/api/webhooks/endpoints/{endpointId}", told.GetProperty("link").GetString());
        Assert.Contains(reason, told.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Secrets_never_appear_in_the_logs()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, first) = await RegisterAsync(client, url, IncidentDeclaredType);
        var rotation = await client.PostAsJsonAsync($"/api/webhooks/endpoints/{endpointId}/secret/rotate", new { overlapHours = 1 });
        var second = (await rotation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Receiver.Plan(url, WebhookReceiver.Status(200), WebhookReceiver.Status(410));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/test", null)).StatusCode);
        await ReceivedAsync(url, 1);
        await service.PublishAsync(IncidentDeclaredFor(partner));
        await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}"))
            .GetProperty("status").GetString() == "disabled", "the endpoint to be disabled by its 410");

        var logs = service.Logs.GetSnapshot();
        Assert.Contains(logs, log => log.Message.Contains(endpointId.ToString()));
        foreach (var secret in new[] { first, second })
        {
            var key = secret["whsec_".Length..];
            Assert.DoesNotContain(logs, log => $"{log.Message} {log.Exception} {string.Join(' ', log.StructuredState ?? [])}".Contains(key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("ftp://partner.example.com/hooks", "url")]
    [InlineData("not a url", "url")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "url")]
    [InlineData("http://10.1.2.3/hooks", "url")]
    [InlineData("http://[::1]:8080/hooks", "url")]
    [InlineData("http://localhost:9/hooks", "url")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "url")]
    [InlineData("https://user:password@partner.example.com/hooks", "url")]
    public async Task Registration_refuses_urls_webhooks_may_not_reach(string url, string field)
    {
        var response = await service.CreateClient().PostAsJsonAsync("/api/webhooks/endpoints", new { url, eventTypes = new[] { ReviewPublishedType } });

        await AssertFieldErrorAsync(response, field);
    }

    [Fact]
    public async Task Registration_refuses_missing_and_unknown_event_types()
    {
        var client = service.CreateClient();

        await AssertFieldErrorAsync(await client.PostAsJsonAsync("/api/webhooks/endpoints", new { url = Receiver.NewUrl(), eventTypes = Array.Empty<string>() }), "eventTypes");
        var unknown = await client.PostAsJsonAsync("/api/webhooks/endpoints", new { url = Receiver.NewUrl(), eventTypes = new[] { "review.published" } });
        var problem = await AssertFieldErrorAsync(unknown, "eventTypes");
        Assert.Contains("review.published", problem);
        Assert.Contains(ReviewPublishedType, problem);
    }

    [Fact]
    public async Task The_secret_is_shown_once_stored_encrypted_and_a_rotation_signs_with_both_secrets_during_its_overlap()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, oldSecret) = await RegisterAsync(client, url, IncidentDeclaredType);

        Assert.StartsWith("whsec_", oldSecret);
        Assert.Equal(32, Convert.FromBase64String(oldSecret["whsec_".Length..]).Length);
        Assert.DoesNotContain(oldSecret, await client.GetStringAsync($"/api/webhooks/endpoints/{endpointId}"));
        Assert.DoesNotContain(oldSecret, await client.GetStringAsync("/api/webhooks/endpoints"));
        var stored = await service.QueryAsync(partner.OrgId, db => db.WebhookEndpoints.Select(e => e.ProtectedSecret).SingleAsync());
        Assert.DoesNotContain(oldSecret["whsec_".Length..], stored);

        var rotation = await client.PostAsJsonAsync($"/api/webhooks/endpoints/{endpointId}/secret/rotate", new { overlapHours = 1 });
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        var newSecret = (await rotation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/test", null)).StatusCode);
        var duringOverlap = (await ReceivedAsync(url, 1))[0];
        Assert.Equal(2, duringOverlap.Headers["webhook-signature"].Split(' ').Length);
        Assert.True(StandardWebhooksVerifier.Verify(oldSecret, duringOverlap.Headers, duringOverlap.Body, duringOverlap.ReceivedAt));
        Assert.True(StandardWebhooksVerifier.Verify(newSecret, duringOverlap.Headers, duringOverlap.Body, duringOverlap.ReceivedAt));
        Assert.Equal("com.incidentplatform.webhook.test.v1", JsonDocument.Parse(duringOverlap.Body).RootElement.GetProperty("type").GetString());

        service.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/webhooks/endpoints/{endpointId}/test", null)).StatusCode);
        var afterOverlap = (await ReceivedAsync(url, 2))[1];
        Assert.Single(afterOverlap.Headers["webhook-signature"].Split(' '));
        Assert.False(StandardWebhooksVerifier.Verify(oldSecret, afterOverlap.Headers, afterOverlap.Body, afterOverlap.ReceivedAt));
        Assert.True(StandardWebhooksVerifier.Verify(newSecret, afterOverlap.Headers, afterOverlap.Body, afterOverlap.ReceivedAt));
    }

    [Fact]
    public async Task An_endpoint_whose_secret_cannot_be_decrypted_fails_its_deliveries_with_the_reason_until_its_secret_is_rotated()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var brokenUrl = Receiver.NewUrl();
        var healthyUrl = Receiver.NewUrl();
        // The healthy endpoint fails once, so that its retry and the broken one's are due in the same claim.
        Receiver.Plan(healthyUrl, WebhookReceiver.Status(500));
        var (brokenId, _) = await RegisterAsync(client, brokenUrl, IncidentDeclaredType);
        var (healthyId, _) = await RegisterAsync(client, healthyUrl, IncidentDeclaredType);
        await service.QueryAsync(partner.OrgId, db => db.WebhookEndpoints.Where(e => e.Id == brokenId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ProtectedSecret, ProtectedValues.UnderRetiredKey)));

        await service.PublishAsync(IncidentDeclaredFor(partner));

        await PendingAfterAttemptsAsync(client, healthyId, 1);
        await PendingAfterAttemptsAsync(client, brokenId, 1);
        service.Clock.Advance(TimeSpan.FromSeconds(7));
        await SingleDeliveryAsync(client, healthyId, "succeeded");
        await PendingAfterAttemptsAsync(client, brokenId, 2);
        var attempts = await AttemptsAsync(client, brokenId, 2);
        Assert.All(attempts, attempt => Assert.Equal("failed", attempt.GetProperty("outcome").GetString()));
        Assert.Contains("Rotate the endpoint's secret", attempts[0].GetProperty("error").GetString());
        Assert.Empty(Receiver.ReceivedAt(brokenUrl));

        // With an overlap, the unreadable secret becomes the previous one: the new one signs alone.
        var rotation = await client.PostAsJsonAsync($"/api/webhooks/endpoints/{brokenId}/secret/rotate", new { overlapHours = 1 });
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        var newSecret = (await rotation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        service.Clock.Advance(TimeSpan.FromMinutes(7));

        var webhook = (await ReceivedAsync(brokenUrl, 1))[0];
        Assert.Single(webhook.Headers["webhook-signature"].Split(' '));
        Assert.True(StandardWebhooksVerifier.Verify(newSecret, webhook.Headers, webhook.Body, webhook.ReceivedAt));
        var delivery = await SingleDeliveryAsync(client, brokenId, "succeeded");
        Assert.Equal(3, delivery.GetProperty("attemptCount").GetInt32());
    }

    [Fact]
    public async Task Changing_an_endpoint_checks_its_ETag_and_its_new_settings()
    {
        var client = service.CreateClient();
        var (endpointId, _) = await RegisterAsync(client, Receiver.NewUrl(), IncidentDeclaredType);
        var path = $"/api/webhooks/endpoints/{endpointId}";
        var etag = (await client.GetAsync(path)).Headers.ETag!.Tag;

        var changed = await SendAsync(client, HttpMethod.Patch, path, new { eventTypes = new[] { IncidentDeclaredType, ReviewPublishedType }, description = "Status page" }, etag);
        var stale = await SendAsync(client, HttpMethod.Patch, path, new { description = "Again" }, etag);
        var toMetadata = await SendAsync(client, HttpMethod.Patch, path, new { url = "http://169.254.169.254/" }, null);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventTypes").GetArrayLength());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await AssertFieldErrorAsync(toMetadata, "url");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Another_org_can_neither_see_nor_change_an_endpoint_or_its_deliveries()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = Receiver.NewUrl();
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);
        await service.PublishAsync(IncidentDeclaredFor(partner));
        var delivery = await SingleDeliveryAsync(client, endpointId, "succeeded");
        var endpoint = $"/api/webhooks/endpoints/{endpointId}";
        var deliveryPath = $"{endpoint}/deliveries/{delivery.GetProperty("id").GetString()}";
        var other = service.CreateClient();

        (HttpMethod Method, string Path, object? Body)[] calls =
        [
            (HttpMethod.Get, endpoint, null),
            (HttpMethod.Patch, endpoint, new { description = "mine now" }),
            (HttpMethod.Post, $"{endpoint}/enable", null),
            (HttpMethod.Post, $"{endpoint}/disable", null),
            (HttpMethod.Post, $"{endpoint}/secret/rotate", new { overlapHours = 0 }),
            (HttpMethod.Post, $"{endpoint}/test", null),
            (HttpMethod.Get, $"{endpoint}/deliveries", null),
            (HttpMethod.Get, deliveryPath, null),
            (HttpMethod.Post, $"{deliveryPath}/replay", null),
            (HttpMethod.Post, $"{endpoint}/replay", new { from = "2020-01-01T00:00:00Z" }),
            (HttpMethod.Delete, endpoint, null),
        ];
        foreach (var (method, path, body) in calls)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, method, path, body, null)).StatusCode);
        }

        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/webhooks/endpoints")).GetProperty("items").EnumerateArray());
        var mine = await client.GetFromJsonAsync<JsonElement>(endpoint);
        Assert.Equal("enabled", mine.GetProperty("status").GetString());
        Assert.Equal("", mine.GetProperty("description").GetString());
        Assert.Single(Receiver.ReceivedAt(url));
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateAnonymousClient().GetAsync("/api/webhooks/endpoints")).StatusCode);
    }

    [Fact]
    public async Task Finished_deliveries_leave_the_log_with_their_attempts_after_the_retention()
    {
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var (endpointId, _) = await RegisterAsync(client, Receiver.NewUrl(), IncidentDeclaredType);
        await service.PublishAsync(IncidentDeclaredFor(partner));
        var old = await SingleDeliveryAsync(client, endpointId, "succeeded");

        service.Clock.Advance(TimeSpan.FromDays(32));
        await service.PublishAsync(IncidentDeclaredFor(partner));
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(client, endpointId, "succeeded")).Count == 2, "the second delivery");
        var pruned = await service.Services.GetServices<IHostedService>().OfType<WebhookLogRetention>().Single().PruneBatchAsync(CancellationToken.None);

        Assert.True(pruned >= 1);
        var left = Assert.Single(await DeliveriesAsync(client, endpointId));
        Assert.NotEqual(old.GetProperty("id").GetString(), left.GetProperty("id").GetString());
        Assert.Equal(1, await service.QueryAsync(partner.OrgId, db => db.WebhookAttempts.CountAsync()));
    }

    [Fact]
    public async Task Replays_rotations_and_log_filters_with_bad_values_are_refused_by_field()
    {
        var client = service.CreateClient();
        var (endpointId, _) = await RegisterAsync(client, Receiver.NewUrl(), IncidentDeclaredType);
        var endpoint = $"/api/webhooks/endpoints/{endpointId}";

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"{endpoint}/replay", new { to = "2030-01-01T00:00:00Z" }), "from");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"{endpoint}/replay", new { from = "2030-01-01T00:00:00Z", to = "2030-03-01T00:00:00Z" }), "to");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"{endpoint}/replay", new { from = "2030-01-02T00:00:00Z", to = "2030-01-01T00:00:00Z" }), "to");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"{endpoint}/secret/rotate", new { overlapHours = 200 }), "overlapHours");
        await AssertFieldErrorAsync(await client.GetAsync($"{endpoint}/deliveries?status=lost"), "status");
        await AssertFieldErrorAsync(await client.GetAsync($"{endpoint}/deliveries?limit=0"), "limit");
    }

    [Fact]
    public async Task A_claim_reads_due_deliveries_through_the_due_index_in_order_not_as_a_bitmap_nor_by_scanning_the_table()
    {
        // Delivered rows leave their entries in the due index until a vacuum; a bitmap scan would fetch each one's row.
        var partner = TestCaller.NewOrg();
        var client = service.CreateClient(partner);
        var url = service.Receiver.NewUrl();
        var (endpointId, _) = await RegisterAsync(client, url, IncidentDeclaredType);
        for (var i = 0; i < 3; i++)
        {
            await service.PublishAsync(IncidentDeclaredFor(partner));
        }

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(client, endpointId, "succeeded")).Count == 3, "three deliveries");

        var plan = await service.QueryAsync(partner.OrgId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var explain = db.CreateCommand(transaction, WebhookDispatcher.ClaimPlanSettings + "EXPLAIN " + WebhookDispatcher.ClaimSql);
            explain.Parameters.AddWithValue("idle_room", 128);
            explain.Parameters.AddWithValue("sending_endpoints", new[] { endpointId });
            explain.Parameters.AddWithValue("sending_room", new[] { 4 });
            explain.Parameters.AddWithValue("scan", 800);
            explain.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            explain.Parameters.AddWithValue("take", 200);
            explain.Parameters.AddWithValue("lease_until", DateTimeOffset.UtcNow.AddMinutes(2));
            var lines = await explain.ReadAllAsync(row => row.GetString(0), CancellationToken.None);
            await transaction.RollbackAsync();
            return string.Join('\n', lines);
        });

        Assert.Contains("Index Scan using ix_webhook_deliveries_due on webhook_deliveries", plan);
        Assert.DoesNotContain("Bitmap", plan);
        Assert.DoesNotContain("Seq Scan on webhook_deliveries", plan);
    }

    [Fact]
    public async Task A_bulk_copy_refuses_a_row_of_another_org_and_writes_nothing()
    {
        var partner = TestCaller.NewOrg();
        var other = TestCaller.NewOrg();
        var attemptId = Guid.CreateVersion7();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => service.QueryAsync(partner.OrgId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.CopyAsync([new WebhookAttempt
            {
                Id = attemptId, OrgId = other.OrgId, DeliveryId = Guid.NewGuid(), EndpointId = Guid.NewGuid(), Number = 1,
                AttemptedAt = DateTimeOffset.UtcNow, Outcome = WebhookAttemptOutcome.Succeeded, StatusCode = 204,
            }], CancellationToken.None);
            await transaction.CommitAsync();
            return 0;
        }));

        Assert.Contains("another organization", refused.Message);
        Assert.Equal(0, await service.QueryAsync(other.OrgId, db => db.WebhookAttempts.CountAsync(a => a.Id == attemptId)));
    }

    internal static async Task<(Guid Id, string Secret)> RegisterAsync(HttpClient client, string url, string eventType, bool followRedirects = false)
    {
        var response = await client.PostAsJsonAsync("/api/webhooks/endpoints", new { url, eventTypes = new[] { eventType }, followRedirects });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("endpoint").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    private async Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(string url, int count) =>
        await Eventually.GetAsync(() => Task.FromResult(Receiver.ReceivedAt(url) is { } got && got.Count >= count ? got : null), $"{count} request(s) at the receiver");

    internal static async Task<List<JsonElement>> DeliveriesAsync(HttpClient client, Guid endpointId, string? status = null)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}/deliveries{(status is null ? "" : $"?status={status}")}");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static async Task<JsonElement> SingleDeliveryAsync(HttpClient client, Guid endpointId, string status)
    {
        var delivery = await Eventually.GetAsync<JsonElement?>(async () =>
            (await DeliveriesAsync(client, endpointId, status)).Select(d => (JsonElement?)d).FirstOrDefault(), $"a {status} delivery");
        return delivery!.Value;
    }

    private static async Task AllPendingAfterAttemptsAsync(HttpClient client, Guid endpointId, int deliveries, int attempts) =>
        await Eventually.TrueAsync(async () => await DeliveriesAsync(client, endpointId, "pending") is { } pending
                && pending.Count == deliveries && pending.All(d => d.GetProperty("attemptCount").GetInt32() == attempts),
            $"{deliveries} pending deliveries after {attempts} attempt(s) each");

    /// <summary>The in-app notification that told the caller one of its endpoints was disabled.</summary>
    private static async Task<JsonElement> DisabledNotificationAsync(HttpClient client) =>
        (await Eventually.GetAsync<JsonElement?>(async () =>
            (await client.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray()
                .Select(n => (JsonElement?)n).FirstOrDefault(n => n!.Value.GetProperty("kind").GetString() == "webhookEndpointDisabled"),
            "the endpoint's creator to be told"))!.Value;

    private static async Task<JsonElement> PendingAfterAttemptsAsync(HttpClient client, Guid endpointId, int attempts)
    {
        var delivery = await Eventually.GetAsync<JsonElement?>(async () =>
            (await DeliveriesAsync(client, endpointId, "pending")).Select(d => (JsonElement?)d)
                .FirstOrDefault(d => d!.Value.GetProperty("attemptCount").GetInt32() == attempts), $"a pending delivery after {attempts} attempt(s)");
        return delivery!.Value;
    }

    private static async Task<JsonElement[]> AttemptsAsync(HttpClient client, Guid endpointId, int count) =>
        await Eventually.GetAsync(async () =>
        {
            var delivery = (await DeliveriesAsync(client, endpointId)).FirstOrDefault();
            if (delivery.ValueKind == JsonValueKind.Undefined)
            {
                return null;
            }

            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/endpoints/{endpointId}/deliveries/{delivery.GetProperty("id").GetString()}");
            JsonElement[] attempts = [.. detail.GetProperty("attempts").EnumerateArray()];
            return attempts.Length >= count ? attempts : null;
        }, $"{count} attempt(s)");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(ifMatch));
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), $"no error for {field}: {problem}");
        return errors.ToString();
    }
}
