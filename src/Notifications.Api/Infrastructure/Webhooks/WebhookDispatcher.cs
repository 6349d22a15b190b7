using System.Threading.Channels;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure.People;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>
/// Sends due webhook deliveries. Claiming, sending and recording are decoupled so one slow endpoint never holds up the
/// others: a claim leases due rows (<c>FOR UPDATE SKIP LOCKED</c>, so replicas never take the same one), each attempt
/// runs on its own, and finished attempts are recorded in batches, one transaction per org. An endpoint has at most
/// <see cref="WebhookOptions.MaxConcurrentAttemptsPerEndpoint"/> attempts being sent, so one that hangs with a backlog
/// cannot take every slot from the other orgs' endpoints. A slot is free again when its attempt ends, not when it is
/// recorded: recording that lags behind holds sending up only past <see cref="WebhookOptions.MaxAttemptsInHand"/>.
/// A crash between sending and recording lets the lease run out and the delivery is attempted again with the same
/// webhook-id (at-least-once). Fresh deliveries skip the claim when they can, and are sent while they are written
/// (<see cref="TakeOver"/>).
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    WebhookSignal signal,
    SecretProtector secrets,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly Channel<FinishedAttempt> _finished = Channel.CreateUnbounded<FinishedAttempt>();
    private readonly WebhookOptions _options = options.Value;
    private readonly SemaphoreSlim _sending = new(options.Value.MaxConcurrentAttempts, options.Value.MaxConcurrentAttempts);
    private readonly SemaphoreSlim _inHand = new(InHandCapacity(options.Value), InHandCapacity(options.Value));
    private readonly EndpointShares _shares = new(options.Value.MaxConcurrentAttemptsPerEndpoint);
    private CancellationToken _stoppingToken = new(canceled: true);
    private int _claimMayFindMore;
    // Only the claim loop reads and writes it.
    private readonly Dictionary<Guid, DateTimeOffset> _unreadableSecretReportedAt = [];

    /// <summary>A leased delivery and the message to send; no message when the endpoint's secrets cannot be read.</summary>
    private sealed record ClaimedDelivery(Guid Id, Guid OrgId, Guid EndpointId, WebhookMessage? Message);

    private sealed record FinishedAttempt(ClaimedDelivery Delivery, DateTimeOffset AttemptedAt, WebhookAttemptResult Result);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stoppingToken = stoppingToken;
        return Task.WhenAll(ClaimLoopAsync(stoppingToken), RecordLoopAsync(stoppingToken));
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAndStartAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(e);
            }

            await signal.WaitAsync(_options.PollInterval, stoppingToken);
        }
    }

    /// <summary>Leases as many due deliveries as there are free attempt slots and starts their attempts; returns how many.</summary>
    private async Task<int> ClaimAndStartAsync(CancellationToken stoppingToken)
    {
        // Reserved before the claim: fresh deliveries (TakeOver) may take free slots meanwhile, and a claimed row must
        // not wait for one while its lease runs.
        var reserved = ReserveSlots(_options.BatchSize);
        if (reserved == 0)
        {
            // Raised first, then looked again: a slot freed in between would otherwise wake no one.
            ClaimAgainAfterNextRelease();
            reserved = ReserveSlots(_options.BatchSize);
            if (reserved == 0)
            {
                return 0;
            }
        }

        var claimed = new List<ClaimedDelivery>();
        try
        {
            // The claim leases, per endpoint, what is left of its share as counted now (EndpointShares).
            var roomByEndpoint = _shares.BeginClaim();
            var endpointsWithoutRoom = roomByEndpoint.Values.Any(room => room == 0);
            claimed = await ClaimAsync(reserved, roomByEndpoint, stoppingToken);
            // Due rows may be left for when attempts finish: some were just found, or some wait for an endpoint's share.
            if (claimed.Count > 0 || endpointsWithoutRoom)
            {
                ClaimAgainAfterNextRelease();
            }

            foreach (var delivery in claimed)
            {
                _shares.AddClaimed(delivery.EndpointId);
            }
        }
        finally
        {
            _shares.EndClaim();
            ReleaseSlots(reserved - claimed.Count);
        }

        foreach (var delivery in claimed)
        {
            _ = AttemptAsync(delivery, stoppingToken);
        }

        return claimed.Count;
    }

    /// <summary>Takes up to <paramref name="wanted"/> attempt slots (in hand and sending) without waiting; returns how many.</summary>
    private int ReserveSlots(int wanted)
    {
        var reserved = 0;
        while (reserved < wanted && _inHand.Wait(0))
        {
            if (!_sending.Wait(0))
            {
                _inHand.Release();
                break;
            }

            reserved++;
        }

        return reserved;
    }

    private void ReleaseSlots(int count)
    {
        if (count > 0)
        {
            _sending.Release(count);
            _inHand.Release(count);
        }
    }

    private void ClaimAgainAfterNextRelease() => Volatile.Write(ref _claimMayFindMore, 1);

    /// <summary>
    /// Takes fresh deliveries straight from the fan-out writing them, so they need no claim (a query every few
    /// milliseconds under load, and the wait for it): each pending one that gets a free slot within its endpoint's share
    /// is leased to this dispatcher in the row about to be written, and its attempt starts at once, while the row is
    /// written. Its result is recorded once the transaction writing the row has ended, and only if the row is there.
    /// If the transaction does not commit, the event is handled again (the inbox did not mark it); the fan-out then
    /// leaves its deliveries to a claim after the commit, so an endpoint gets the event at most twice, both times with
    /// the same webhook-id (made from the event and the endpoint). The others are left to a claim. Returns how many were
    /// taken. Only inside a transaction, and only while the dispatcher runs.
    /// </summary>
    /// <remarks>
    /// Attempts used to start when the transaction committed: under 1,000 deliveries/s on two cores the copy and the
    /// commit before them took 14 ms at the median and over 100 ms at the 99th percentile (webhooks benchmark, 2026-12-07).
    /// </remarks>
    public int TakeOver(ServiceDbContext db, IReadOnlyList<WebhookDelivery> deliveries, IReadOnlyDictionary<Guid, WebhookEndpoint> endpoints)
    {
        if (_stoppingToken.IsCancellationRequested || db.Database.CurrentTransaction is null)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var leaseUntil = LeaseUntil(now);
        var taken = 0;
        var writeEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Registered before the first attempt starts, so that whatever happens next each one is recorded after it.
        db.WhenTransactionEnds(_ => writeEnded.TrySetResult());
        foreach (var delivery in deliveries)
        {
            if (delivery.Status != WebhookDeliveryStatus.Pending || !TryReserveSlot(delivery.EndpointId))
            {
                continue;
            }

            if (MessageOf(delivery, endpoints[delivery.EndpointId], now) is not { } message)
            {
                GiveBack(delivery.EndpointId);
                continue;
            }

            delivery.Lease(leaseUntil);
            var claimed = new ClaimedDelivery(delivery.Id, delivery.OrgId, delivery.EndpointId, message);
            taken++;
            // Off the consumer's thread: what an attempt does before its first wait (signing, writing the request) would
            // otherwise hold up the copy of the rows.
            _ = Task.Run(() => AttemptAsync(claimed, _stoppingToken, writeEnded.Task));
        }

        return taken;
    }

    /// <summary>
    /// Null when it cannot be made (the endpoint's secret unreadable): the delivery is left to the claim, which records
    /// why. Never throws, so no slot is taken for a delivery that is not in the list.
    /// </summary>
    private WebhookMessage? MessageOf(WebhookDelivery delivery, WebhookEndpoint endpoint, DateTimeOffset now) =>
        endpoint.SigningSecrets(now, secrets.TryUnprotect) is { } signingSecrets
            ? new WebhookMessage(endpoint.Id, endpoint.Url, endpoint.FollowRedirects, delivery.WebhookId, delivery.Payload, signingSecrets)
            : null;

    private bool TryReserveSlot(Guid endpointId)
    {
        if (ReserveSlots(1) == 0)
        {
            return false;
        }

        if (!_shares.TryTake(endpointId))
        {
            ReleaseSlots(1);
            return false;
        }

        return true;
    }

    // Wakes no claim: nothing was sent, so it would find what it found before.
    private void GiveBack(Guid endpointId)
    {
        ReleaseSending(endpointId);
        _inHand.Release();
    }

    /// <param name="writeEnded">For a delivery taken over: ends when the transaction writing its row has ended, committed or not.</param>
    private async Task AttemptAsync(ClaimedDelivery delivery, CancellationToken stoppingToken, Task? writeEnded = null)
    {
        var attemptedAt = clock.GetUtcNow();
        WebhookAttemptResult result;
        try
        {
            result = delivery.Message is { } message ? await sender.SendAsync(message, stoppingToken) : UnreadableSecretResult;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            result = new WebhookAttemptResult(WebhookAttemptOutcome.Failed, null, 0, null, $"The attempt could not be made: {e.Message}");
        }
        finally
        {
            ReleaseSending(delivery.EndpointId);
            WakeClaimIfAsked();
        }

        if (writeEnded is not null)
        {
            // Recorded whatever the outcome: a commit whose answer was lost may still have written the row, and a row
            // that was not written is not found (each handling makes its deliveries with new ids), so nothing is recorded.
            await writeEnded;
        }

        // Unbounded: never waits, so its place in hand is always handed back by the record loop.
        _finished.Writer.TryWrite(new FinishedAttempt(delivery, attemptedAt, result));
    }

    /// <summary>For the claim's transaction only: its candidates are read through the due index in order (remarks below).</summary>
    internal const string ClaimPlanSettings = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; ";

    /// <summary>Leases up to <c>@take</c> due deliveries within each endpoint's room and returns what their attempts need.</summary>
    internal const string ClaimSql = """
        WITH candidates AS (
            SELECT d.id, d.endpoint_id, d.next_attempt_at, coalesce(h.room, @idle_room) AS room
            FROM webhook_deliveries d
            LEFT JOIN unnest(@sending_endpoints, @sending_room) AS h(endpoint_id, room) ON h.endpoint_id = d.endpoint_id
            WHERE d.status = 'Pending' AND d.next_attempt_at <= @now AND (d.leased_until IS NULL OR d.leased_until < @now)
              AND coalesce(h.room, @idle_room) > 0
            ORDER BY d.next_attempt_at
            LIMIT @scan),
        within_share AS (
            SELECT id, next_attempt_at FROM (
                SELECT id, next_attempt_at, room, row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at) AS rank
                FROM candidates) ranked
            WHERE rank <= room),
        due AS (
            SELECT d.id FROM webhook_deliveries d JOIN within_share w ON w.id = d.id
            WHERE d.status IS NOT DISTINCT FROM 'Pending' AND (d.leased_until IS NULL OR d.leased_until < @now)
            ORDER BY w.next_attempt_at
            LIMIT @take
            FOR UPDATE OF d SKIP LOCKED)
        UPDATE webhook_deliveries d SET leased_until = @lease_until
        FROM due, webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id AND e.status = 'Enabled'
        RETURNING d.id, d.org_id, d.endpoint_id, d.payload, e.url, e.follow_redirects,
                  e.protected_secret, e.protected_previous_secret, e.previous_secret_expires_at, d.webhook_id
        """;

    /// <remarks>
    /// The lock step re-reads the candidates by primary key, and its status check is written <c>IS NOT DISTINCT FROM</c>
    /// (the same test on a column that is never null) so that the partial index of due deliveries cannot serve it. When
    /// the table's statistics were taken while nothing was pending, which happens between bursts, the planner believed
    /// that index held one row, scanned all of it for the lock step and compared every pending row with every candidate:
    /// a claim of 200 then took 0.6–1.9 s with 4,000–5,000 pending (EXPLAIN ANALYZE during a burst, 2026-12-04), and
    /// bursts crawled at ~200 deliveries/s. Through the primary key a claim takes milliseconds whatever the statistics.
    /// The candidates are read through that index in its order, never as a bitmap: a bitmap scan fetches the table row
    /// behind every entry, and the entries of delivered rows stay in the index until a vacuum. Under 1,000 deliveries/s
    /// the planner chose one, and each claim (every second) visited every row delivered since the last vacuum: 20,000–
    /// 34,000 rows and 31–36 ms in the first two minutes, 100 ms on average over 30 s (EXPLAIN ANALYZE and
    /// pg_stat_statements during the webhooks benchmark, 2026-12-07). An index scan visits a delivered row once and marks
    /// its entry dead, so later claims step over it without reading the table.
    /// </remarks>
    private async Task<List<ClaimedDelivery>> ClaimAsync(int take, IReadOnlyDictionary<Guid, int> roomByEndpoint, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var leaseUntil = LeaseUntil(now);
        // Endpoints with attempts being sent may take only what is left of their share; the others as much as an idle one.
        await using var command = db.CreateCommand(transaction, ClaimPlanSettings + ClaimSql);
        command.Parameters.AddWithValue("idle_room", _shares.ClaimRoomOfIdleEndpoint);
        command.Parameters.AddWithValue("sending_endpoints", roomByEndpoint.Keys.ToArray());
        command.Parameters.AddWithValue("sending_room", roomByEndpoint.Values.ToArray());
        // Enough rows to fill the claim when the oldest due belong to a few endpoints at their share.
        command.Parameters.AddWithValue("scan", take * 4);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("take", take);
        command.Parameters.AddWithValue("lease_until", leaseUntil);
        // Decrypted once per endpoint and claim: a claim may hold many rows of one endpoint.
        var secretsByEndpoint = new Dictionary<Guid, IReadOnlyList<string>?>();
        var claimed = await command.ReadAllAsync(row =>
        {
            var (id, orgId, endpointId) = (row.GetGuid(0), row.GetGuid(1), row.GetGuid(2));
            if (!secretsByEndpoint.TryGetValue(endpointId, out var signingSecrets))
            {
                var stored = new WebhookEndpoint.StoredSecrets(orgId, endpointId, row.GetString(6),
                    row.IsDBNull(7) ? null : row.GetString(7), row.IsDBNull(8) ? null : row.GetFieldValue<DateTimeOffset>(8));
                // Never throws: one unreadable endpoint must not fail a claim holding other endpoints' deliveries.
                signingSecrets = secretsByEndpoint[endpointId] = WebhookEndpoint.SigningSecrets(stored, now, secrets.TryUnprotect);
                if (signingSecrets is null)
                {
                    ReportUnreadableSecret(endpointId, orgId, now);
                }
            }

            var message = signingSecrets is null ? null
                : new WebhookMessage(endpointId, row.GetString(4), row.GetBoolean(5), WebhookDelivery.WebhookIdAsStored(id, row.IsDBNull(9) ? null : row.GetString(9)), row.GetString(3), signingSecrets);
            return new ClaimedDelivery(id, orgId, endpointId, message);
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    // Recorded as a failed attempt, so it is retried on the schedule (and the endpoint disabled if it lasts) and the delivery
    // log says what to do.
    private static readonly WebhookAttemptResult UnreadableSecretResult = new(WebhookAttemptOutcome.Failed, null, 0, null,
        "Not sent: the endpoint's signing secret cannot be decrypted (written under an encryption key no longer in the platform's key ring, or damaged). " +
        "Rotate the endpoint's secret: pending deliveries are then sent on their schedule; replay those that failed meanwhile.");

    private static readonly TimeSpan UnreadableSecretReportInterval = TimeSpan.FromMinutes(5);

    // Once per endpoint every few minutes: every claim that meets its deliveries would otherwise log it again.
    private void ReportUnreadableSecret(Guid endpointId, Guid orgId, DateTimeOffset now)
    {
        if (_unreadableSecretReportedAt.TryGetValue(endpointId, out var reportedAt) && now - reportedAt < UnreadableSecretReportInterval)
        {
            return;
        }

        _unreadableSecretReportedAt[endpointId] = now;
        LogUnreadableSecret(endpointId, orgId);
    }

    // Long enough for an attempt with every redirect hop to time out, with room to record it.
    private DateTimeOffset LeaseUntil(DateTimeOffset now) => now + (_options.Timeout * (WebhookOptions.MaxRedirects + 1)) + TimeSpan.FromSeconds(30);

    private async Task RecordLoopAsync(CancellationToken stoppingToken)
    {
        while (await _finished.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<FinishedAttempt>();
            while (batch.Count < _options.BatchSize && _finished.Reader.TryRead(out var finished))
            {
                batch.Add(finished);
            }

            foreach (var orgAttempts in batch.GroupBy(f => f.Delivery.OrgId))
            {
                try
                {
                    await RecordAsync(orgAttempts.Key, [.. orgAttempts], stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Not recorded: the leases run out and the deliveries are attempted again (same webhook-id).
                    LogRecordFailed(orgAttempts.Count(), e);
                }
            }

            _inHand.Release(batch.Count);
            WakeClaimIfAsked();
        }
    }

    private void ReleaseSending(Guid endpointId)
    {
        _shares.Release(endpointId);
        _sending.Release();
    }

    private void WakeClaimIfAsked()
    {
        if (Interlocked.Exchange(ref _claimMayFindMore, 0) == 1)
        {
            signal.Notify();
        }
    }

    private static int InHandCapacity(WebhookOptions options) => Math.Max(options.MaxAttemptsInHand, options.MaxConcurrentAttempts);

    private async Task RecordAsync(Guid orgId, IReadOnlyList<FinishedAttempt> attempts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(orgId);
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        Guid[] deliveryIds = [.. attempts.Select(a => a.Delivery.Id)];
        Guid[] endpointIds = [.. attempts.Select(a => a.Delivery.EndpointId).Distinct()];
        // Locked, so an edit of the endpoint made meanwhile waits for this and is not lost to it (nor this to it).
        var endpoints = await db.WebhookEndpoints
            .FromSql($"SELECT * FROM webhook_endpoints WHERE id = ANY({endpointIds}) FOR NO KEY UPDATE")
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        // Untracked, written back in one statement below: the change tracker's statement per delivery cost more than the sending.
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => deliveryIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var disabledNow = new List<WebhookEndpoint>();
        var recorded = new List<(WebhookDelivery Delivery, WebhookAttempt Attempt)>(attempts.Count);
        foreach (var attempt in attempts.OrderBy(a => a.AttemptedAt))
        {
            // Gone meanwhile (the endpoint and its deliveries were deleted), or never written (taken over by a fan-out
            // whose transaction did not commit).
            if (!deliveries.TryGetValue(attempt.Delivery.Id, out var delivery) || !endpoints.TryGetValue(delivery.EndpointId, out var endpoint))
            {
                continue;
            }

            var wasEnabled = endpoint.Status == WebhookEndpointStatus.Enabled;
            recorded.Add((delivery, delivery.RecordAttempt(endpoint, attempt.Result, attempt.AttemptedAt, now, Random.Shared.NextDouble(), _options.DisableAfter)));
            if (endpoint.Status == WebhookEndpointStatus.Disabled)
            {
                delivery.Skip(now);
                if (wasEnabled)
                {
                    disabledNow.Add(endpoint);
                }
            }
        }

        if (recorded.Count > 0)
        {
            await db.CopyAsync([.. recorded.Select(r => r.Attempt)], cancellationToken);
            await db.SaveRecordedAsync([.. recorded.Select(r => r.Delivery)], cancellationToken);
        }

        foreach (var endpoint in disabledNow)
        {
            await db.SkipWaitingDeliveriesAsync(endpoint.Id, now, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<PeopleNotifier>().NotifyAsync(Notification.Create(
                orgId, endpoint.CreatedBy.UserId, endpoint.CreatedBy.DisplayName, NotificationKind.WebhookEndpointDisabled,
                $"Webhook endpoint disabled: {new Uri(endpoint.Url).Host}",
                $"{endpoint.DisabledReason} Nothing more is sent to it until it is enabled again; replay the time it was down to catch up.",
                $"/api/webhooks/endpoints/{endpoint.Id}", Guid.CreateVersion7(), now), cancellationToken);
            LogEndpointDisabled(endpoint.Id, orgId, endpoint.DisabledReason);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Error, "Claiming due webhook deliveries failed; the next poll retries.")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "Recording {Count} webhook attempt(s) failed; their leases run out and they are attempted again.")]
    private partial void LogRecordFailed(int count, Exception exception);

    [LoggerMessage(LogLevel.Error, "The signing secret of webhook endpoint {EndpointId} of org {OrgId} cannot be decrypted; its deliveries fail until the secret is rotated.")]
    private partial void LogUnreadableSecret(Guid endpointId, Guid orgId);

    [LoggerMessage(LogLevel.Warning, "Webhook endpoint {EndpointId} of org {OrgId} disabled: {Reason}")]
    private partial void LogEndpointDisabled(Guid endpointId, Guid orgId, string? reason);
}
