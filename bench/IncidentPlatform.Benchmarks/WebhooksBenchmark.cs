using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IncidentPlatform.Contracts;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// Partner webhooks on the running platform: ReviewPublished events go onto the platform's broker (as Reviews publishes
/// them) and a receiver in this process, one of 10 endpoints of one org, notes when each signed CloudEvent arrives.
/// Latency runs from the publish to the arrival at the receiver; every arrival's signature is verified.
/// </summary>
public static class WebhooksBenchmark
{
    private const int Endpoints = 10;
    private const string ReviewPublishedType = "com.incidentplatform.review.published.v1";
    private const int WarmUpRate = 40;
    private const int WarmUpSeconds = 30;

    /// <summary>The settings AppHost passes on to Notifications so its SSRF guard lets the receiver through.</summary>
    public static IReadOnlyDictionary<string, string> PlatformEnvironment(int receiverPort) => new Dictionary<string, string>
    {
        ["Webhooks__AllowedPrivateDestinations__0"] = $"127.0.0.1:{receiverPort.ToString(CultureInfo.InvariantCulture)}",
    };

    public static async Task<string> RunAsync(AppHostProcess platform, Receiver receiver, int rate, int seconds, int outageSeconds, TextWriter progress, CancellationToken cancellationToken)
    {
        var org = Guid.NewGuid();
        using var gateway = new HttpClient { BaseAddress = platform.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", await DevTokens.MintAsync(platform, org, "benchmark-partner", "Benchmark Partner", cancellationToken));
        for (var i = 0; i < Endpoints; i++)
        {
            var response = await gateway.PostAsJsonAsync("/api/webhooks/endpoints",
                new { url = receiver.UrlOf(i), eventTypes = new[] { ReviewPublishedType } }, cancellationToken);
            response.EnsureSuccessStatusCode();
            receiver.Secrets[$"/e{i}"] = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("secret").GetString()!;
        }

        var (incidentId, reviewId) = await PublishedReviewOfAsync(gateway, cancellationToken);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.MessagingConnectionString())));
        await bus.StartAsync(cancellationToken);
        try
        {
            var report = new StringBuilder();
            report.AppendLine("# Partner webhooks").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; commit {RunEnvironment.Describe().Commit}; {Environment.ProcessorCount} cores; the platform started by AppHost (Release), the publisher and the receiver in the benchmark's process.").AppendLine()
                .AppendLine($"{Endpoints} endpoints of one org subscribed to {ReviewPublishedType}; ReviewPublished events published on the platform's broker; latency from the publish to the signed CloudEvent's arrival at a receiver in the benchmark's process (Kestrel, 127.0.0.1). Every arrival's Standard Webhooks signature is verified. Measured after a warm-up of {WarmUpSeconds} s at {WarmUpRate} events/s.")
                .AppendLine();

            // Long enough for the JIT to finish optimizing the hot paths (it took a good share of the CPU for the first
            // minute), so the cases measure the services as they run, not as they start.
            progress.WriteLine($"Webhooks: warm-up, {WarmUpSeconds} s at {WarmUpRate} events/s…");
            await PublishAtRateAsync(bus, org, incidentId, reviewId, WarmUpRate, WarmUpSeconds, receiver, cancellationToken);
            await receiver.WaitForAllAsync(Endpoints, TimeSpan.FromSeconds(120), cancellationToken);
            receiver.Reset();

            progress.WriteLine($"Webhooks: {rate} events/s for {seconds} s ({rate * Endpoints} deliveries/s)…");
            var cpuBefore = CpuSample.Take(platform);
            var sent = await PublishAtRateAsync(bus, org, incidentId, reviewId, rate, seconds, receiver, cancellationToken);
            var complete = await receiver.WaitForAllAsync(Endpoints, TimeSpan.FromSeconds(120), cancellationToken);
            var cpu = CpuSample.PerUnit(cpuBefore, CpuSample.Take(platform), sent * Endpoints, "delivery");
            var latency = LatencySummary.Of(receiver.Latencies());
            var stages = await StagesAsync(platform, [.. receiver.Published.Keys], cancellationToken);
            report.AppendLine("| Case | Events | Deliveries expected | Received (verified) | Bad signatures | p50 ms | p90 ms | p99 ms | max ms | Goal |")
                .AppendLine("|---|---|---|---|---|---|---|---|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| {rate} events/s × {Endpoints} endpoints, {seconds} s | {sent} | {sent * Endpoints} | {receiver.Verified} | {receiver.BadSignatures} | {latency.P50:0.0} | {latency.P90:0.0} | {latency.P99:0.0} | {latency.Max:0.0} | p99 < 200 ms: {(latency.P99 < 200 && complete ? "met" : "not met")} |");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| … of which: event published → deliveries written (broker, fan-out consumer) | | | | | {stages.ToFanOut.P50:0.0} | {stages.ToFanOut.P90:0.0} | {stages.ToFanOut.P99:0.0} | {stages.ToFanOut.Max:0.0} | |");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| … of which: deliveries written → first attempt starts (dispatcher) | | | | | {stages.ToAttempt.P50:0.0} | {stages.ToAttempt.P90:0.0} | {stages.ToAttempt.P99:0.0} | {stages.ToAttempt.Max:0.0} | |");
            receiver.Reset();

            const int burst = 1000;
            progress.WriteLine($"Webhooks: throughput, a burst of {burst} events ({burst * Endpoints} deliveries)…");
            var started = Stopwatch.GetTimestamp();
            await PublishAtRateAsync(bus, org, incidentId, reviewId, 10_000, burst / 10_000.0, receiver, cancellationToken);
            var burstComplete = await receiver.WaitForAllAsync(Endpoints, TimeSpan.FromSeconds(300), cancellationToken);
            var burstElapsed = Stopwatch.GetElapsedTime(started, receiver.LastArrival);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| Burst of {burst} events at once | {burst} | {burst * Endpoints} | {receiver.Verified} | {receiver.BadSignatures} | | | | | {receiver.Verified / burstElapsed.TotalSeconds:0} signed deliveries/s (all in {burstElapsed.TotalSeconds:0.0} s{(burstComplete ? "" : ", INCOMPLETE")}) |");
            receiver.Reset();

            if (outageSeconds > 0)
            {
                var outageRate = 10;
                var total = outageSeconds + 30;
                progress.WriteLine($"Webhooks: receiver outage of {outageSeconds} s within {total} s at {outageRate} events/s; then waiting for the retries (up to 10 min)…");
                var publishing = PublishAtRateAsync(bus, org, incidentId, reviewId, outageRate, total, receiver, cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
                await receiver.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(outageSeconds), cancellationToken);
                await receiver.StartAsync();
                var outageSent = await publishing;
                var recovered = await receiver.WaitForAllAsync(Endpoints, TimeSpan.FromMinutes(10), cancellationToken);
                var lost = outageSent * Endpoints - receiver.DistinctDeliveries;
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| Receiver down {outageSeconds} s, {outageRate} events/s for {total} s | {outageSent} | {outageSent * Endpoints} | {receiver.DistinctDeliveries} distinct ({receiver.Verified} with duplicates) | {receiver.BadSignatures} | | | | {receiver.LastRecoveryMinutes():0.0} min to the last | zero loss: {(lost == 0 && recovered ? "met" : $"not met ({lost} missing)")} |");
                report.AppendLine().AppendLine("Deliveries refused during the outage are retried on the schedule (5 s, then 5 min…), so the last ones arrive about 5 minutes after the receiver is back.");
            }

            // Steadier than a p99 from one run to the next: what a change to the platform's work per event shows in first.
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"CPU during the {rate} events/s case (publishing until the last delivery arrived): {cpu}.");
            return report.ToString();
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// A real incident of the org, resolved, whose review Reviews opened and Actions knows: the benchmark's events are
    /// revisions of that review's report, so the platform's other consumers of ReviewPublished (Incidents, Actions) handle
    /// them as they would in production instead of failing on an unknown incident.
    /// </summary>
    private static async Task<(Guid IncidentId, Guid ReviewId)> PublishedReviewOfAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        var declared = await gateway.PostAsJsonAsync("/api/incidents", new
        {
            title = "Webhook benchmark incident",
            severity = "SEV1",
            services = new[] { "checkout-api" },
            startedAt = "2025-06-02T08:00:00Z",
            detectedAt = "2025-06-02T08:04:00Z",
        }, cancellationToken);
        declared.EnsureSuccessStatusCode();
        var incidentId = (await declared.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        (await gateway.PostAsJsonAsync($"/api/incidents/{incidentId}/resolve", new { at = "2025-06-02T09:10:00Z" }, cancellationToken)).EnsureSuccessStatusCode();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var reviews = await gateway.GetFromJsonAsync<JsonElement>($"/api/reviews?incidentId={incidentId}", cancellationToken);
            if (reviews.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } review)
            {
                var reviewId = review.GetProperty("id").GetGuid();
                using var known = await gateway.GetAsync($"/api/action-items/quality?reviewId={reviewId}", cancellationToken);
                if (known.IsSuccessStatusCode)
                {
                    return (incidentId, reviewId);
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new BenchmarkFailedException("The benchmark incident's review did not open (or Actions did not learn of it) within 30 s.");
    }

    private sealed record Stages(LatencySummary ToFanOut, LatencySummary ToAttempt);

    /// <summary>Where the time went, from Notifications' own records: the event's time, the delivery's creation, its first attempt.</summary>
    private static async Task<Stages> StagesAsync(AppHostProcess platform, Guid[] eventIds, CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(platform.PostgresConnectionString("notifications"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT EXTRACT(EPOCH FROM d.created_at - (d.payload::jsonb ->> 'time')::timestamptz) * 1000, " +
            "EXTRACT(EPOCH FROM a.attempted_at - d.created_at) * 1000 " +
            "FROM webhook_deliveries d JOIN webhook_attempts a ON a.delivery_id = d.id AND a.number = 1 WHERE d.event_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", eventIds);
        var (toFanOut, toAttempt) = (new List<double>(), new List<double>());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            toFanOut.Add((double)reader.GetDecimal(0));
            toAttempt.Add((double)reader.GetDecimal(1));
        }

        return new Stages(LatencySummary.Of(toFanOut), LatencySummary.Of(toAttempt));
    }

    private static async Task<int> PublishAtRateAsync(IBusControl bus, Guid org, Guid incidentId, Guid reviewId, int rate, double seconds, Receiver receiver, CancellationToken cancellationToken)
    {
        var count = (int)Math.Round(rate * seconds);
        var start = Stopwatch.GetTimestamp();
        var publishes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var id = Guid.NewGuid();
            receiver.Published[id] = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            publishes.Add(bus.Publish(new ReviewPublished(
                org, reviewId, incidentId, "INC-2025-100", "Checkout errors after deploy", Severity.Sev2, ["checkout-api"],
                "A config change removed the retry budget.", i + 2, "Revised", [new ReportLink("html", "/api/reviews/x/report.html")],
                new PersonRef("benchmark-partner", "Benchmark Partner"), now, now), context => context.MessageId = id, cancellationToken));
        }

        await Task.WhenAll(publishes);
        return count;
    }

    /// <summary>The partner's side: 10 endpoint paths on one Kestrel server, which the outage case stops and starts again.</summary>
    public sealed class Receiver : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<(string Path, Guid EventId), byte> _seen = new();
        private readonly ConcurrentBag<double> _latencies = [];
        private WebApplication? _app;
        private int _verified;
        private int _badSignatures;
        private long _lastArrival;
        private long _backAt;

        public Receiver(int port) => Port = port;

        public int Port { get; }

        public ConcurrentDictionary<string, string> Secrets { get; } = new();

        public ConcurrentDictionary<Guid, long> Published { get; } = new();

        public int Verified => _verified;

        public int BadSignatures => _badSignatures;

        public int DistinctDeliveries => _seen.Count;

        public long LastArrival => Interlocked.Read(ref _lastArrival);

        public string UrlOf(int endpoint) => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/e{endpoint.ToString(CultureInfo.InvariantCulture)}";

        public IReadOnlyCollection<double> Latencies() => [.. _latencies];

        public double LastRecoveryMinutes() => _backAt == 0 ? 0 : Stopwatch.GetElapsedTime(_backAt, LastArrival).TotalMinutes;

        public void Reset()
        {
            _seen.Clear();
            _latencies.Clear();
            Published.Clear();
            _verified = 0;
            _badSignatures = 0;
        }

        public async Task<bool> WaitForAllAsync(int endpoints, TimeSpan bound, CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
            while (_seen.Count < Published.Count * endpoints)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    return false;
                }

                await Task.Delay(100, cancellationToken);
            }

            return true;
        }

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.Run(ReceiveAsync);
            await _app.StartAsync();
            _backAt = Stopwatch.GetTimestamp();
        }

        public async Task StopAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
                _app = null;
            }
        }

        public async ValueTask DisposeAsync() => await StopAsync();

        private async Task ReceiveAsync(HttpContext context)
        {
            var arrived = Stopwatch.GetTimestamp();
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers;
            var webhookId = headers["webhook-id"].ToString();
            if (!Secrets.TryGetValue(context.Request.Path, out var secret)
                || !SignatureMatches(secret, webhookId, headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body))
            {
                Interlocked.Increment(ref _badSignatures);
                context.Response.StatusCode = 400;
                return;
            }

            Interlocked.Increment(ref _verified);
            Interlocked.Exchange(ref _lastArrival, arrived);
            // Only this case's events count: a late retry of an earlier case's event is verified but not counted.
            if (Guid.TryParse(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString(), out var eventId)
                && Published.TryGetValue(eventId, out var publishedAt)
                && _seen.TryAdd((context.Request.Path, eventId), 0))
            {
                _latencies.Add(Stopwatch.GetElapsedTime(publishedAt, arrived).TotalMilliseconds);
            }

            context.Response.StatusCode = 204;
        }

        private static bool SignatureMatches(string secret, string id, string timestamp, string signatures, string body)
        {
            var expected = Convert.ToBase64String(HMACSHA256.HashData(
                Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
            return signatures.Split(' ').Any(signature => signature == $"v1,{expected}");
        }
    }
}
