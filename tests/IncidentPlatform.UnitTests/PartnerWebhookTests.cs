using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.UnitTests;

public sealed class PartnerWebhookTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-15T14:23:00Z");
    private static readonly SecretProtector Protector = new(new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, "k1");

    [Fact]
    public void Signatures_match_the_Standard_Webhooks_test_vector()
    {
        var signature = StandardWebhooks.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void During_a_rotation_both_secrets_sign_space_separated_until_the_overlap_ends()
    {
        var (endpoint, first) = NewEndpoint();
        var second = endpoint.RotateSecret(TimeSpan.FromHours(24), Now, Protector.Protect);

        Assert.Equal([second, first], endpoint.SigningSecrets(Now.AddHours(23), Protector.Unprotect));
        Assert.Equal([second], endpoint.SigningSecrets(Now.AddHours(24), Protector.Unprotect));
        var header = StandardWebhooks.SignatureHeaderValue(endpoint.SigningSecrets(Now, Protector.Unprotect)!, "msg_1", 1, "{}");
        Assert.Equal(2, header.Split(' ').Length);
        Assert.All(header.Split(' '), signature => Assert.StartsWith("v1,", signature));
    }

    [Fact]
    public void An_unreadable_previous_secret_is_left_out_and_an_unreadable_current_one_leaves_nothing_to_sign_with()
    {
        var (endpoint, first) = NewEndpoint();
        var protectedFirst = endpoint.ProtectedSecret;
        var second = endpoint.RotateSecret(TimeSpan.FromHours(24), Now, Protector.Protect);
        string? Reading(string value, string purpose) => value == protectedFirst ? null : Protector.TryUnprotect(value, purpose);

        Assert.Equal([second], endpoint.SigningSecrets(Now.AddHours(1), Reading));
        Assert.Null(endpoint.SigningSecrets(Now.AddHours(1), (_, _) => null));
        Assert.Equal(first, Protector.TryUnprotect(protectedFirst, endpoint.SecretPurpose));
        Assert.Null(Protector.TryUnprotect("v1.gone.AAAA", endpoint.SecretPurpose));
    }

    [Fact]
    public void A_rotation_overlap_beyond_a_week_is_refused()
    {
        var (endpoint, _) = NewEndpoint();

        Assert.Throws<ValidationException>(() => endpoint.RotateSecret(TimeSpan.FromDays(8), Now, Protector.Protect));
    }

    [Fact]
    public void The_retry_schedule_spans_about_a_day_in_eight_attempts_with_bounded_jitter()
    {
        Assert.Equal(8, WebhookRetrySchedule.MaxAttempts);
        Assert.InRange(WebhookRetrySchedule.Delays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d).TotalHours, 27, 28);
        Assert.Equal(Now + TimeSpan.FromSeconds(4), WebhookRetrySchedule.NextAttemptAt(1, Now, 0));
        Assert.InRange(WebhookRetrySchedule.NextAttemptAt(1, Now, 0.999999)!.Value, Now + TimeSpan.FromSeconds(5.99), Now + TimeSpan.FromSeconds(6));
        Assert.Equal(Now + TimeSpan.FromHours(2), WebhookRetrySchedule.NextAttemptAt(4, Now, 0.5));
        Assert.Null(WebhookRetrySchedule.NextAttemptAt(8, Now, 0.5));
    }

    [Fact]
    public void An_events_delivery_to_an_endpoint_has_one_webhook_id_however_often_it_is_made()
    {
        var (endpoint, _) = NewEndpoint();
        var (other, _) = NewEndpoint();
        var partnerEvent = WebhookTestData.For(endpoint.OrgId, endpoint.Id, Now);
        var first = WebhookDelivery.Create(endpoint, partnerEvent, partnerEvent.ToJson(), Now);
        var again = WebhookDelivery.Create(endpoint, partnerEvent, partnerEvent.ToJson(), Now.AddSeconds(3));

        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(first.WebhookId, again.WebhookId);
        Assert.Matches("^msg_[0-9a-f]{32}$", first.WebhookId);
        Assert.NotEqual(first.WebhookId, WebhookDelivery.Create(other, partnerEvent, partnerEvent.ToJson(), Now).WebhookId);
        var nextEvent = WebhookTestData.For(endpoint.OrgId, endpoint.Id, Now);
        Assert.NotEqual(first.WebhookId, WebhookDelivery.Create(endpoint, nextEvent, nextEvent.ToJson(), Now).WebhookId);
        // Deliveries made before the id was stored keep the one made from their own id.
        Assert.Equal($"msg_{first.Id:N}", WebhookDelivery.WebhookIdAsStored(first.Id, null));
        Assert.Equal(first.WebhookId, WebhookDelivery.WebhookIdAsStored(first.Id, first.WebhookId));
    }

    [Fact]
    public void A_delivery_that_keeps_failing_is_retried_on_schedule_then_fails_keeping_its_webhook_id()
    {
        var (endpoint, _) = NewEndpoint();
        var delivery = NewDelivery(endpoint);
        var webhookId = delivery.WebhookId;
        var at = Now;

        for (var attempt = 1; attempt < WebhookRetrySchedule.MaxAttempts; attempt++)
        {
            delivery.RecordAttempt(endpoint, Failure(500), at, at, 0.5, TimeSpan.FromDays(5));
            Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
            Assert.Equal(at + WebhookRetrySchedule.Delays[attempt], delivery.NextAttemptAt);
            at = delivery.NextAttemptAt!.Value;
        }

        var last = delivery.RecordAttempt(endpoint, Failure(500), at, at, 0.5, TimeSpan.FromDays(5));

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(8, last.Number);
        Assert.Equal(webhookId, delivery.WebhookId);
        Assert.Equal(WebhookEndpointStatus.Enabled, endpoint.Status);
        Assert.Equal(Now, endpoint.FailingSince);
    }

    [Fact]
    public void A_replay_starts_the_schedule_again_and_numbers_attempts_on()
    {
        var (endpoint, _) = NewEndpoint();
        var delivery = NewDelivery(endpoint);
        delivery.RecordAttempt(endpoint, Success(), Now, Now, 0.5, TimeSpan.FromDays(5));

        delivery.Replay(endpoint, Now.AddHours(1));
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        var attempt = delivery.RecordAttempt(endpoint, Failure(502), Now.AddHours(1), Now.AddHours(1), 0.5, TimeSpan.FromDays(5));

        Assert.Equal(2, attempt.Number);
        Assert.Equal(Now.AddHours(1) + WebhookRetrySchedule.Delays[1], delivery.NextAttemptAt);
        Assert.Throws<ConflictException>(() => delivery.Replay(endpoint, Now.AddHours(2)));
    }

    [Fact]
    public void Gone_disables_the_endpoint_at_once_and_days_of_failures_disable_it_too()
    {
        var (goneEndpoint, _) = NewEndpoint();
        var gone = NewDelivery(goneEndpoint);
        gone.RecordAttempt(goneEndpoint, new WebhookAttemptResult(WebhookAttemptOutcome.Gone, 410, 12, null, "gone"), Now, Now, 0.5, TimeSpan.FromDays(5));
        Assert.Equal(WebhookDeliveryStatus.Failed, gone.Status);
        Assert.Equal(WebhookEndpointStatus.Disabled, goneEndpoint.Status);
        Assert.Contains("410", goneEndpoint.DisabledReason);

        var (failing, _) = NewEndpoint();
        NewDelivery(failing).RecordAttempt(failing, Failure(500), Now, Now, 0.5, TimeSpan.FromDays(5));
        NewDelivery(failing).RecordAttempt(failing, Failure(500), Now.AddDays(4), Now.AddDays(4), 0.5, TimeSpan.FromDays(5));
        Assert.Equal(WebhookEndpointStatus.Enabled, failing.Status);
        NewDelivery(failing).RecordAttempt(failing, Failure(503), Now.AddDays(5), Now.AddDays(5), 0.5, TimeSpan.FromDays(5));
        Assert.Equal(WebhookEndpointStatus.Disabled, failing.Status);
        Assert.Equal($"Every delivery failed for 5 days (since {Now:yyyy-MM-dd HH:mm} UTC). The last attempt: The endpoint answered 503.", failing.DisabledReason);

        var (recovering, _) = NewEndpoint();
        NewDelivery(recovering).RecordAttempt(recovering, Failure(500), Now, Now, 0.5, TimeSpan.FromDays(5));
        NewDelivery(recovering).RecordAttempt(recovering, Success(), Now.AddDays(4), Now.AddDays(4), 0.5, TimeSpan.FromDays(5));
        NewDelivery(recovering).RecordAttempt(recovering, Failure(500), Now.AddDays(6), Now.AddDays(6), 0.5, TimeSpan.FromDays(5));
        Assert.Equal(WebhookEndpointStatus.Enabled, recovering.Status);
    }

    [Fact]
    public void The_last_success_is_kept_to_the_second_and_a_success_always_ends_the_failing_streak()
    {
        var (endpoint, _) = NewEndpoint();
        NewDelivery(endpoint).RecordAttempt(endpoint, Success(), Now, Now, 0.5, TimeSpan.FromDays(5));
        Assert.Equal(Now, endpoint.LastSuccessAt);

        NewDelivery(endpoint).RecordAttempt(endpoint, Failure(500), Now, Now.AddMilliseconds(300), 0.5, TimeSpan.FromDays(5));
        Assert.Equal(Now.AddMilliseconds(300), endpoint.FailingSince);
        NewDelivery(endpoint).RecordAttempt(endpoint, Success(), Now, Now.AddMilliseconds(600), 0.5, TimeSpan.FromDays(5));
        Assert.Null(endpoint.FailingSince);
        Assert.Equal(Now, endpoint.LastSuccessAt);

        NewDelivery(endpoint).RecordAttempt(endpoint, Success(), Now, Now + WebhookEndpoint.LastSuccessPrecision, 0.5, TimeSpan.FromDays(5));
        Assert.Equal(Now + WebhookEndpoint.LastSuccessPrecision, endpoint.LastSuccessAt);
    }

    [Fact]
    public void A_disable_reason_quoting_a_long_error_is_cut_to_what_the_column_keeps()
    {
        var (endpoint, _) = NewEndpoint();
        var longError = new WebhookAttemptResult(WebhookAttemptOutcome.Failed, null, 0, null, new string('x', WebhookDelivery.MaxErrorLength));
        NewDelivery(endpoint).RecordAttempt(endpoint, longError, Now, Now, 0.5, TimeSpan.FromDays(5));
        NewDelivery(endpoint).RecordAttempt(endpoint, longError, Now.AddDays(5), Now.AddDays(5), 0.5, TimeSpan.FromDays(5));

        Assert.Equal(WebhookEndpointStatus.Disabled, endpoint.Status);
        Assert.Equal(WebhookEndpoint.MaxDisabledReasonLength, endpoint.DisabledReason!.Length);
        Assert.StartsWith("Every delivery failed for 5 days", endpoint.DisabledReason);
    }

    [Fact]
    public void An_event_for_a_disabled_endpoint_is_logged_as_skipped()
    {
        var (endpoint, _) = NewEndpoint();
        endpoint.Disable("by hand", Now);

        var delivery = NewDelivery(endpoint);

        Assert.Equal(WebhookDeliveryStatus.Skipped, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public void A_CloudEvent_carries_the_spec_attributes_in_structured_mode()
    {
        var orgId = Guid.NewGuid();
        var eventId = Guid.NewGuid();
        var published = new ReviewPublished(orgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors", Severity.Sev2, ["checkout-api"],
            "Summary", 2, "Fixed a date", [new ReportLink("html", "/api/reviews/r/report.html")], new PersonRef("u1", "Sarah Kim"),
            Now, DateTimeOffset.Parse("2024-03-15T16:23:00+02:00"));

        using var json = JsonDocument.Parse(ReviewPublishedData.From(published, eventId).ToJson());

        var root = json.RootElement;
        Assert.Equal(["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(eventId.ToString(), root.GetProperty("id").GetString());
        Assert.Equal($"/orgs/{orgId}", root.GetProperty("source").GetString());
        Assert.Equal("com.incidentplatform.review.published.v1", root.GetProperty("type").GetString());
        Assert.Equal("2024-03-15T14:23:00Z", root.GetProperty("time").GetString());
        Assert.Equal(2, root.GetProperty("data").GetProperty("reportVersion").GetInt32());
        Assert.Equal("Sarah Kim", root.GetProperty("data").GetProperty("publishedBy").GetProperty("displayName").GetString());
    }

    [Fact]
    public void Event_types_must_come_from_the_catalogue()
    {
        Assert.Empty(WebhookEndpointSettings.Validate(null, [PartnerEventTypes.ReviewPublished]));
        Assert.Contains("eventTypes", WebhookEndpointSettings.Validate(null, []).Keys);
        Assert.Contains("eventTypes", WebhookEndpointSettings.Validate(null, ["review.published"]).Keys);
        Assert.Contains("eventTypes", WebhookEndpointSettings.Validate(null, [PartnerEventTypes.WebhookTest]).Keys);
        Assert.Contains("description", WebhookEndpointSettings.Validate(new string('x', 501), [PartnerEventTypes.ReviewPublished]).Keys);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.5")]
    [InlineData("172.20.1.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::a9fe:a9fe")]
    [InlineData("::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("fec0::1")]
    [InlineData("100::1")]
    public void The_guard_blocks_private_loopback_link_local_and_metadata_addresses(string address)
    {
        Assert.NotNull(Guard(production: true).BlockedReason(IPAddress.Parse(address), 443));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("140.82.112.3")]
    [InlineData("2606:4700:4700::1111")]
    public void The_guard_lets_public_addresses_through(string address)
    {
        Assert.Null(Guard(production: true).BlockedReason(IPAddress.Parse(address), 443));
    }

    [Fact]
    public void The_development_allowlist_opens_exactly_the_listed_destination()
    {
        var guard = Guard(production: false, allowed: ["127.0.0.1:5005", "10.1.0.0/16"]);

        Assert.Null(guard.BlockedReason(IPAddress.Loopback, 5005));
        Assert.NotNull(guard.BlockedReason(IPAddress.Loopback, 5006));
        Assert.Null(guard.BlockedReason(IPAddress.Parse("10.1.2.3"), 80));
        Assert.NotNull(guard.BlockedReason(IPAddress.Parse("10.2.0.1"), 80));
        Assert.NotNull(guard.BlockedReason(IPAddress.Parse("169.254.169.254"), 80));
    }

    [Theory]
    [InlineData("http://partner.example.com/hooks", "https")]
    [InlineData("https://10.0.0.1/hooks", "private")]
    [InlineData("https://[::1]/hooks", "private")]
    [InlineData("https://localhost/hooks", "internal")]
    [InlineData("https://metadata.google.internal/", "internal")]
    [InlineData("https://user:pw@partner.example.com/", "credentials")]
    [InlineData("ftp://partner.example.com/", "https")]
    [InlineData("/relative", "https")]
    public async Task In_production_only_public_https_urls_are_accepted(string url, string reason)
    {
        var refusal = await Guard(production: true).CheckUrlAsync(url, CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_public_https_url_given_as_an_address_is_accepted()
    {
        Assert.Null(await Guard(production: true).CheckUrlAsync("https://140.82.112.3/hooks", CancellationToken.None));
    }

    [Fact]
    public void Protected_secrets_round_trip_stay_bound_to_their_purpose_and_survive_a_key_rotation()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var before = new SecretProtector(new Dictionary<string, byte[]> { ["k1"] = oldKey }, "k1");
        var stored = before.Protect("whsec_abc", "endpoint-1");
        var after = new SecretProtector(new Dictionary<string, byte[]> { ["k1"] = oldKey, ["k2"] = RandomNumberGenerator.GetBytes(32) }, "k2");

        Assert.DoesNotContain("whsec_abc", stored);
        Assert.StartsWith("v1.k1.", stored);
        Assert.Equal("whsec_abc", after.Unprotect(stored, "endpoint-1"));
        Assert.StartsWith("v1.k2.", after.Protect("whsec_abc", "endpoint-1"));
        Assert.ThrowsAny<CryptographicException>(() => after.Unprotect(stored, "endpoint-2"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(new Dictionary<string, byte[]> { ["k3"] = RandomNumberGenerator.GetBytes(32) }, "k3").Unprotect(stored, "endpoint-1"));
        // Damaged in storage: the same exception, so callers handle one kind of unreadable value.
        Assert.ThrowsAny<CryptographicException>(() => after.Unprotect("v1.k1.not*base64", "endpoint-1"));
    }

    [Fact]
    public void A_missing_key_ring_stops_the_service_with_the_settings_to_give()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => SecretProtector.FromConfiguration(configuration));

        Assert.Contains("Secrets__ActiveKeyId", error.Message);
    }

    private static (WebhookEndpoint Endpoint, string Secret) NewEndpoint() => WebhookEndpoint.Create(
        Guid.NewGuid(), new WebhookEndpointSettings("https://partner.example.com/hooks", "", [PartnerEventTypes.ReviewPublished], false),
        new PersonRef("u1", "Sarah Kim"), Now, Protector.Protect);

    private static WebhookDelivery NewDelivery(WebhookEndpoint endpoint)
    {
        var partnerEvent = WebhookTestData.For(endpoint.OrgId, endpoint.Id, Now);
        return WebhookDelivery.Create(endpoint, partnerEvent, partnerEvent.ToJson(), Now);
    }

    private static WebhookAttemptResult Failure(int status) => new(WebhookAttemptOutcome.Failed, status, 20, "no", $"The endpoint answered {status}.");

    private static WebhookAttemptResult Success() => new(WebhookAttemptOutcome.Succeeded, 200, 20, "ok", null);

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_when_connecting_is_refused_before_any_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://partner.example.com:{((IPEndPoint)listener.LocalEndpoint).Port}/hooks";
        // Public when the URL is registered, loopback by the time a delivery connects (DNS rebinding).
        var answers = new Queue<IPAddress>([IPAddress.Parse("140.82.112.3"), IPAddress.Loopback]);
        var guard = Guard(production: false, lookUp: (_, _) => Task.FromResult<IPAddress[]>([answers.Dequeue()]));

        Assert.Null(await guard.CheckUrlAsync(url, CancellationToken.None));
        using var client = new HttpClient(guard.CreateGuardedHandler());
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(url, new StringContent("{}")));

        var blocked = Assert.IsType<WebhookDestinationBlockedException>(refused.InnerException);
        Assert.Contains("127.0.0.1", blocked.Message);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task The_guarded_client_connects_to_the_very_address_it_checked()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var guard = Guard(production: false, lookUp: (_, _) => Task.FromResult<IPAddress[]>([IPAddress.Loopback]), allowed: $"127.0.0.1:{port}");
        using var client = new HttpClient(guard.CreateGuardedHandler());

        var sending = client.PostAsync($"http://partner.example.com:{port}/hooks", new StringContent("{}"));
        using (await listener.AcceptTcpClientAsync())
        {
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => sending);
    }

    [Fact]
    public async Task A_refused_destination_is_logged_with_its_org_and_host_and_a_malformed_url_is_not()
    {
        var logger = new FakeLogger<WebhookAddressGuard>();
        var guard = Guard(production: true, logger: logger);
        var orgId = Guid.NewGuid();

        Assert.NotNull(await guard.CheckRegistrationAsync("https://169.254.169.254/latest/meta-data/", orgId, "url", CancellationToken.None));
        Assert.NotNull(await guard.CheckRegistrationAsync("not a url", orgId, "url", CancellationToken.None));

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains(orgId.ToString(), record.Message);
        Assert.Contains("169.254.169.254", record.Message);
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    public void A_private_destination_allowlist_is_refused_outside_development(string environment, bool accepted)
    {
        var validation = new WebhookOptionsValidation(new HostingEnvironment { EnvironmentName = environment });

        Assert.Equal(accepted, validation.Validate(null, new WebhookOptions { AllowedPrivateDestinations = ["127.0.0.1:5005"] }).Succeeded);
        Assert.True(validation.Validate(null, new WebhookOptions()).Succeeded);
    }

    [Fact]
    public void Settings_that_would_never_send_an_attempt_are_refused_at_start()
    {
        var validation = new WebhookOptionsValidation(new HostingEnvironment { EnvironmentName = Environments.Production });

        Assert.False(validation.Validate(null, new WebhookOptions { MaxConcurrentAttemptsPerEndpoint = 0 }).Succeeded);
        Assert.Contains("MaxConcurrentAttempts", validation.Validate(null, new WebhookOptions { MaxConcurrentAttempts = 0 }).FailureMessage);
    }

    private static WebhookAddressGuard Guard(
        bool production, HostAddressLookup? lookUp = null, ILogger<WebhookAddressGuard>? logger = null, params string[] allowed) => new(
        Options.Create(new WebhookOptions { AllowedPrivateDestinations = [.. allowed] }),
        new HostingEnvironment { EnvironmentName = production ? Environments.Production : Environments.Development },
        logger ?? NullLogger<WebhookAddressGuard>.Instance,
        lookUp);
}
