using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Actions.Domain.Trackers;

/// <summary>Where an issue stands in its tracker, as far as the action item is concerned.</summary>
public enum ExternalState
{
    Open,
    InProgress,
    /// <summary>Done: closed as completed.</summary>
    Closed,
    /// <summary>Closed without being done (GitHub "not planned", Jira "Won't Do", Linear "canceled").</summary>
    Canceled,
}

public enum TrackerSyncStatus
{
    /// <summary>Something is to be done (create the issue, push a state, read it back) and has not succeeded yet.</summary>
    Pending,
    Synced,
}

/// <summary>An issue in a tracker as an adapter reads it.</summary>
public sealed record ExternalIssue(string Id, string Key, string Url, ExternalState State);

/// <summary>
/// An action item's issue in its org's tracker, and the state of keeping the two in step. Changes on either side set
/// <see cref="TrackerSyncStatus.Pending"/> work the sync worker carries out with retries, so a tracker that is down
/// loses nothing: the item stays saved and shows "sync pending" with the last error.
/// </summary>
public sealed class TrackerLink : IOrgOwned
{
    /// <summary>Waits after each failed attempt; the last one repeats for as long as the tracker keeps failing.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    public const int MaxErrorLength = 1000;

    private TrackerLink()
    {
    }

    public Guid ActionItemId { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public TrackerKind Kind { get; private set; }

    /// <summary>Where the issue lives (the connection's base URL and project when it was created): a connection moved elsewhere does not reach it.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Project { get; private set; } = "";

    /// <summary>The tracker's id (GitHub issue number, Jira key, Linear id); null until the issue exists.</summary>
    public string? ExternalId { get; private set; }

    public string? ExternalKey { get; private set; }

    public string? Url { get; private set; }

    public ExternalState? ExternalState { get; private set; }

    /// <summary>What the tracker should show, from the item's status; pushed when it differs from <see cref="ExternalState"/>.</summary>
    public ExternalState DesiredState { get; private set; }

    public TrackerSyncStatus SyncStatus { get; private set; }

    /// <summary>The next read of the issue is due (a webhook, or the polling fallback).</summary>
    public bool PullRequested { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset NextPollAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastSyncedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static TrackerLink Create(ActionItem item, TrackerConnection connection, DateTimeOffset now) =>
        Create(item.OrgId, item.Id, item.Status, connection, now);

    public static TrackerLink Create(Guid orgId, Guid actionItemId, ActionItemStatus status, TrackerConnection connection, DateTimeOffset now) => new()
    {
        ActionItemId = actionItemId,
        OrgId = orgId,
        ConnectionId = connection.Id,
        Kind = connection.Kind,
        BaseUrl = connection.BaseUrl,
        Project = connection.Project,
        DesiredState = StateOf(status),
        SyncStatus = TrackerSyncStatus.Pending,
        NextAttemptAt = now,
        NextPollAt = now,
        CreatedAt = now,
    };

    public static ExternalState StateOf(ActionItemStatus status) => status switch
    {
        ActionItemStatus.Open => Trackers.ExternalState.Open,
        ActionItemStatus.InProgress => Trackers.ExternalState.InProgress,
        ActionItemStatus.WontDo => Trackers.ExternalState.Canceled,
        _ => Trackers.ExternalState.Closed,
    };

    /// <summary>Whether the connection still reaches this link's issue (same service and project).</summary>
    public bool IsReachableThrough(TrackerConnection connection) =>
        connection.Kind == Kind && string.Equals(connection.BaseUrl, BaseUrl, StringComparison.OrdinalIgnoreCase) && connection.Project == Project;

    /// <summary>The item moved: the tracker should follow.</summary>
    public void ItemMoved(ActionItemStatus status, DateTimeOffset now)
    {
        DesiredState = StateOf(status);
        if (!Same(ExternalState, DesiredState))
        {
            Schedule(now);
        }
    }

    /// <summary>The tracker said the issue changed (webhook), or an operator asked: read it now.</summary>
    public void RequestPull(DateTimeOffset now)
    {
        PullRequested = true;
        Schedule(now);
    }

    public bool NeedsCreate => ExternalId is null;

    /// <summary>The item moved here since the tracker was last told.</summary>
    public bool NeedsPush => ExternalId is not null && !Same(ExternalState, DesiredState);

    /// <summary>
    /// The item could not follow the tracker (a rule of the item refused the move): the issue is recorded as read, and
    /// the tracker is told the item's real state instead, so the two do not stay apart nor retry the same move forever.
    /// </summary>
    public void CouldNotFollow(ExternalIssue issue, ActionItemStatus itemStatus)
    {
        (ExternalState, ExternalKey, Url) = (issue.State, issue.Key, issue.Url);
        DesiredState = StateOf(itemStatus);
        PullRequested = false;
    }

    public void Created(ExternalIssue issue, DateTimeOffset now)
    {
        (ExternalId, ExternalKey, Url, ExternalState) = (issue.Id, issue.Key, issue.Url, issue.State);
        Attempts = 0;
        LastError = null;
        LastSyncedAt = now;
    }

    /// <summary>
    /// What the item should do about the issue as read from the tracker, changing nothing: only a move the tracker made
    /// since the link last saw the issue counts (not the echo of our own push, nor a comment), so a change made here
    /// and not yet pushed is never undone by a read. A closed issue completes an open item (its link is the evidence),
    /// a canceled one declines it, a reopened one reopens a finished item, a started one starts an open item;
    /// verifying stays with a person. Null: the item need not move.
    /// </summary>
    public ActionItemStatus? Decide(ExternalIssue issue, ActionItemStatus itemStatus)
    {
        // The tracker did not move, the item is there already, or a change made here waits to be pushed (it wins: it
        // is what the item's people decided, and the push tells the tracker).
        if (Same(issue.State, ExternalState) || Same(issue.State, StateOf(itemStatus)) || NeedsPush)
        {
            return null;
        }

        return (issue.State, itemStatus) switch
        {
            (Trackers.ExternalState.Closed, ActionItemStatus.Open or ActionItemStatus.InProgress) => ActionItemStatus.Done,
            (Trackers.ExternalState.Canceled, ActionItemStatus.Open or ActionItemStatus.InProgress) => ActionItemStatus.WontDo,
            (Trackers.ExternalState.Open or Trackers.ExternalState.InProgress, ActionItemStatus.Done or ActionItemStatus.Verified or ActionItemStatus.WontDo) => ActionItemStatus.Open,
            (Trackers.ExternalState.InProgress, ActionItemStatus.Open) => ActionItemStatus.InProgress,
            // Done there and declined here (or the reverse), or back to to-do there while in progress here: both are settled enough.
            _ => null,
        };
    }

    /// <summary>
    /// Records the issue as read (after the item followed, if it had to). When the tracker moved, its state is what it
    /// should show from now on, so nothing is pushed back; otherwise what the item wants still stands.
    /// </summary>
    public void Observed(ExternalIssue issue)
    {
        if (!Same(issue.State, ExternalState) && !NeedsPush)
        {
            DesiredState = issue.State;
        }

        (ExternalState, ExternalKey, Url) = (issue.State, issue.Key, issue.Url);
        PullRequested = false;
    }

    public void Pushed(ExternalIssue issue, DateTimeOffset now)
    {
        (ExternalState, ExternalKey, Url) = (issue.State, issue.Key, issue.Url);
        LastSyncedAt = now;
    }

    /// <summary>Everything that was to be done is done: next, the routine poll.</summary>
    public void Synced(DateTimeOffset now, TimeSpan pollInterval)
    {
        SyncStatus = TrackerSyncStatus.Synced;
        Attempts = 0;
        LastError = null;
        LastSyncedAt = now;
        NextPollAt = now + pollInterval;
    }

    public void AttemptFailed(string error, DateTimeOffset now)
    {
        // Pending: the next try waits for its backoff, also when this was a routine poll.
        SyncStatus = TrackerSyncStatus.Pending;
        Attempts++;
        LastError = TextValues.Truncate(error, MaxErrorLength)!;
        NextAttemptAt = now + RetryDelays[Math.Min(Attempts, RetryDelays.Count) - 1];
    }

    /// <summary>
    /// Whether two states are the same in this tracker: GitHub has no "in progress" (open is open or in progress), and a
    /// Jira workflow may have no resolution to tell "won't do" from done (both are its done category).
    /// </summary>
    private bool Same(ExternalState? a, ExternalState? b) => a == b || Kind switch
    {
        TrackerKind.GitHub => a is Trackers.ExternalState.Open or Trackers.ExternalState.InProgress && b is Trackers.ExternalState.Open or Trackers.ExternalState.InProgress,
        TrackerKind.Jira => a is Trackers.ExternalState.Closed or Trackers.ExternalState.Canceled && b is Trackers.ExternalState.Closed or Trackers.ExternalState.Canceled,
        _ => false,
    };

    private void Schedule(DateTimeOffset now)
    {
        SyncStatus = TrackerSyncStatus.Pending;
        NextAttemptAt = now;
    }

    /// <summary>Who the tracker's changes are made by, in the item's history.</summary>
    public static PersonRef ActorFor(TrackerKind kind) => new($"tracker:{kind.ToString().ToLowerInvariant()}", $"{kind} sync");
}
