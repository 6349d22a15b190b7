using IncidentPlatform.Actions.Apis;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using IncidentPlatform.ServiceDefaults.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Actions.Infrastructure.Trackers;

/// <summary>Wakes the tracker sync worker when a commit left it work.</summary>
public sealed class TrackerSyncSignal : WakeSignal;

/// <summary>
/// Keeps action items and their tracker issues in step, one link per transaction: creates the issue, pushes the item's
/// state to it, and reads it back (after a webhook, or by polling) to move the item when the tracker moved. The link
/// is locked (<c>FOR UPDATE SKIP LOCKED</c>) while the tracker is called, so replicas never work on the same one; a
/// tracker that fails or hangs leaves the link pending with its error, retried with backoff, and the item untouched.
/// </summary>
public sealed partial class TrackerSyncWorker(
    IServiceScopeFactory scopes,
    TrackerSyncSignal signal,
    IEnumerable<ITrackerAdapter> adapters,
    SecretProtector secrets,
    IOptions<TrackerOptions> options,
    TimeProvider clock,
    ILogger<TrackerSyncWorker> logger) : SignaledWorker(signal, logger)
{
    private readonly TrackerOptions _options = options.Value;
    private readonly Dictionary<TrackerKind, ITrackerAdapter> _adapters = adapters.ToDictionary(a => a.Kind);

    protected override TimeSpan PollInterval => _options.WorkerInterval;

    /// <summary>Works on the next due link, if any; false when none is due.</summary>
    public override async Task<bool> DoNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ActionsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await db.ClaimNextAsync(transaction, """
            SELECT action_item_id, org_id FROM tracker_links
            WHERE (sync_status = 'Pending' AND next_attempt_at <= @now) OR (sync_status = 'Synced' AND next_poll_at <= @now)
            ORDER BY LEAST(CASE WHEN sync_status = 'Pending' THEN next_attempt_at END, CASE WHEN sync_status = 'Synced' THEN next_poll_at END)
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, now, cancellationToken);
        if (claimed is not { } due)
        {
            return false;
        }

        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(due.OrgId);
        var link = await db.TrackerLinks.SingleAsync(l => l.ActionItemId == due.Id, cancellationToken);
        var item = await db.ActionItems.SingleAsync(a => a.Id == link.ActionItemId, cancellationToken);
        var connection = await db.TrackerConnections.SingleOrDefaultAsync(c => c.Id == link.ConnectionId, cancellationToken);
        try
        {
            if (connection is null || !link.IsReachableThrough(connection))
            {
                throw new TrackerException(connection is null
                    ? $"The org's {link.Kind} connection was removed; connect {link.Kind} to {link.Project} again to resume syncing."
                    : $"The org's {link.Kind} connection now points at {connection.Project}; this item's issue is in {link.Project}.");
            }

            await SyncAsync(db, link, item, connection, now, cancellationToken);
            link.Synced(clock.GetUtcNow(), _options.PollInterval);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever failed (the tracker, a timeout, a credential that no longer decrypts, an answer of an unexpected
            // shape), this link backs off and the others go on. Nothing half-done of the item is kept (its changes and
            // events are dropped); the link keeps what did happen (an issue created) and the error.
            var error = exception switch
            {
                OperationCanceledException => $"{link.Kind} did not answer in time.",
                TrackerException or PlatformProblemException => exception.Message,
                _ => $"{exception.GetType().Name}: {exception.Message}",
            };
            LogSyncFailed(link.ActionItemId, link.Kind, error);
            db.ChangeTracker.Clear();
            link.AttemptFailed(error, clock.GetUtcNow());
            db.TrackerLinks.Update(link);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task SyncAsync(ActionsDbContext db, TrackerLink link, ActionItem item, TrackerConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var adapter = _adapters[connection.Kind];
        var account = new TrackerAccount(connection.Kind, connection.BaseUrl, connection.Project, connection.UserName,
            secrets.Unprotect(connection.ProtectedToken, connection.TokenPurpose));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout * 4);

        if (link.NeedsCreate)
        {
            // An earlier try (its answer lost, or a crash before its commit) may have made the issue: look for it first.
            var earlier = await adapter.FindAsync(account, item.Id, timeout.Token);
            link.Created(earlier ?? await adapter.CreateAsync(account, item, ItemUrl(item), timeout.Token), now);
        }
        else if (link.PullRequested || link.SyncStatus == TrackerSyncStatus.Synced)
        {
            var issue = await adapter.GetAsync(account, link.ExternalId!, timeout.Token);
            if (link.Decide(issue, item.Status) is not { } target)
            {
                link.Observed(issue);
            }
            else
            {
                try
                {
                    Follow(db, item, link, issue, target, now);
                    link.Observed(issue);
                }
                catch (PlatformProblemException refused)
                {
                    // E.g. an item with the most evidence it may hold cannot be completed with one more: the tracker is told its real state.
                    LogCouldNotFollow(link.ActionItemId, link.Kind, refused.Message);
                    await db.Entry(item).ReloadAsync(cancellationToken);
                    link.CouldNotFollow(issue, item.Status);
                }
            }
        }

        if (link.NeedsPush)
        {
            link.Pushed(await adapter.SetStateAsync(account, link.ExternalId!, link.DesiredState, timeout.Token), now);
        }
    }

    /// <summary>The tracker moved the issue: the item moves the same way, by the tracker's sync as actor, with its events.</summary>
    private static void Follow(ActionsDbContext db, ActionItem item, TrackerLink link, ExternalIssue issue, ActionItemStatus target, DateTimeOffset now)
    {
        var actor = TrackerLink.ActorFor(link.Kind);
        var move = target switch
        {
            ActionItemStatus.Done => item.Complete([ActionItem.NewEvidence(issue.Url, $"Closed in {link.Kind} as {issue.Key}", actor, now, 0)], actor, now),
            ActionItemStatus.WontDo => item.Decline($"Canceled in {link.Kind} ({issue.Key}).", actor, now),
            ActionItemStatus.InProgress => item.Start(actor, now),
            _ => item.Reopen($"Reopened in {link.Kind} ({issue.Key}).", actor, now),
        };
        db.AddIntegrationEvents(ActionItemChanges.EventsOf(item, move, new ChangeContext(now, actor)));
    }

    private string ItemUrl(ActionItem item) =>
        _options.PublicUrl($"/api/action-items/{item.Id}");

    [LoggerMessage(LogLevel.Warning, "Syncing action item {ActionItemId} with {Tracker} failed; retried later: {Error}")]
    private partial void LogSyncFailed(Guid actionItemId, TrackerKind tracker, string error);

    [LoggerMessage(LogLevel.Warning, "Action item {ActionItemId} cannot follow {Tracker} ({Reason}); the tracker is told its state instead.")]
    private partial void LogCouldNotFollow(Guid actionItemId, TrackerKind tracker, string reason);
}
