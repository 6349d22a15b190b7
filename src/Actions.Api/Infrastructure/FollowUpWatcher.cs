using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IncidentPlatform.Actions.Infrastructure;

public sealed class FollowUpOptions
{
    /// <summary>How often the watcher looks for reminders, overdue items and follow-up checkpoints that came due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// The follow-up of action items, kept in the database: a reminder when an unfinished item comes within the org's
/// reminder window of its due date, an overdue announcement when it passes it (escalated to the engineering manager for
/// a P1), and the 2-week check and 30-day follow-up of each published review. Each is raised once per due date (or
/// checkpoint): a batch locks its rows (<c>FOR UPDATE SKIP LOCKED</c>), writes the events to the outbox and marks the
/// rows in one transaction, so two replicas never both raise it and a crash raises nothing twice.
/// </summary>
public sealed class FollowUpWatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<FollowUpOptions> options, ILogger<FollowUpWatcher> logger)
    : PeriodicSweeper(scopes, clock, logger)
{
    public const int TwoWeekCheckDays = 14;
    public const int ThirtyDayFollowUpDays = 30;

    private const string OpenWork = "a.status IN ('Open', 'InProgress')";

    protected override TimeSpan Interval => options.Value.Interval;

    protected override int BatchSize => options.Value.BatchSize;

    public override async Task<bool> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var batch = BatchSize;
        var dueSoon = await RaiseDueSoonAsync(cancellationToken);
        var overdue = await RaiseOverdueAsync(cancellationToken);
        var checkpoints = await RaiseFollowUpCheckpointsAsync(cancellationToken);
        return dueSoon == batch || overdue == batch || checkpoints == batch;
    }

    /// <summary>Reminds the owners of one batch of items that came within their org's reminder window; returns how many.</summary>
    public Task<int> RaiseDueSoonAsync(CancellationToken cancellationToken) =>
        InOutboxBatchAsync<ActionsDbContext>("due-soon reminder", async (db, command, now) =>
        {
            BindToday(command, now);
            command.CommandText = $"""
                SELECT a.id, a.org_id, a.review_id, a.incident_reference, a.title, a.priority, a.owner_user_id, a.owner_display_name, a.due_date
                FROM action_items a LEFT JOIN action_policies p ON p.org_id = a.org_id
                WHERE {OpenWork} AND a.due_soon_raised_for IS DISTINCT FROM a.due_date
                  AND a.due_date >= @today AND a.due_date <= @today + {ActionPolicy.MaxReminderDays}
                  AND a.due_date <= @today + COALESCE(p.reminder_days, {ActionPolicy.DefaultReminderDays})
                ORDER BY a.due_date
                LIMIT @batch
                FOR UPDATE OF a SKIP LOCKED
                """;
            var raised = await command.ReadAllAsync(rows => new ActionItemDueSoon(
                rows.GetGuid(1), rows.GetGuid(0), rows.GetGuid(2), rows.GetString(3), rows.GetString(4), rows.GetString(5),
                new PersonRef(rows.GetString(6), rows.GetString(7)), rows.GetFieldValue<DateOnly>(8), now), cancellationToken);

            await MarkAsync(command, "due_soon_raised_for = due_date", [.. raised.Select(r => r.ActionItemId)], cancellationToken);
            db.AddIntegrationEvents(raised);
            return raised.Count;
        }, cancellationToken);

    /// <summary>Announces one batch of items that passed their due date undone, escalating P1s; returns how many.</summary>
    public Task<int> RaiseOverdueAsync(CancellationToken cancellationToken) =>
        InOutboxBatchAsync<ActionsDbContext>("overdue announcement", async (db, command, now) =>
        {
            BindToday(command, now);
            command.CommandText = $"""
                SELECT a.id, a.org_id, a.review_id, a.incident_reference, a.title, a.priority, a.owner_user_id, a.owner_display_name, a.due_date,
                       COALESCE(r.engineering_manager_user_id, p.escalation_contact_user_id),
                       COALESCE(r.engineering_manager_display_name, p.escalation_contact_display_name)
                FROM action_items a
                LEFT JOIN known_reviews r ON r.review_id = a.review_id
                LEFT JOIN action_policies p ON p.org_id = a.org_id
                WHERE {OpenWork} AND a.overdue_raised_for IS DISTINCT FROM a.due_date AND a.due_date < @today
                ORDER BY a.due_date
                LIMIT @batch
                FOR UPDATE OF a SKIP LOCKED
                """;
            var raised = await command.ReadAllAsync(rows =>
            {
                var priority = rows.GetString(5);
                var escalateTo = priority == nameof(ActionPriority.P1) && !rows.IsDBNull(9) ? new PersonRef(rows.GetString(9), rows.GetString(10)) : null;
                return new ActionItemOverdue(
                    rows.GetGuid(1), rows.GetGuid(0), rows.GetGuid(2), rows.GetString(3), rows.GetString(4), priority,
                    new PersonRef(rows.GetString(6), rows.GetString(7)), rows.GetFieldValue<DateOnly>(8), escalateTo, now);
            }, cancellationToken);

            // An item found overdue needs no reminder that it is due soon any more.
            await MarkAsync(command, "overdue_raised_for = due_date, due_soon_raised_for = due_date", [.. raised.Select(r => r.ActionItemId)], cancellationToken);
            db.AddIntegrationEvents(raised);
            return raised.Count;
        }, cancellationToken);

    /// <summary>Raises the 2-week check and the 30-day follow-up of one batch of published reviews; returns how many reviews.</summary>
    public Task<int> RaiseFollowUpCheckpointsAsync(CancellationToken cancellationToken) =>
        InOutboxBatchAsync<ActionsDbContext>("follow-up checkpoint", async (db, command, now) =>
        {
            BindToday(command, now);
            command.CommandText = $"""
                SELECT r.review_id, r.org_id, r.incident_id, r.incident_reference, r.owner_user_id, r.owner_display_name,
                       r.published_at <= @now - interval '{ThirtyDayFollowUpDays} days' AS thirty_days
                FROM known_reviews r
                WHERE r.published_at IS NOT NULL AND r.thirty_day_follow_up_raised_at IS NULL
                  AND (r.published_at <= @now - interval '{ThirtyDayFollowUpDays} days'
                       OR (r.two_week_check_raised_at IS NULL AND r.published_at <= @now - interval '{TwoWeekCheckDays} days'))
                ORDER BY r.published_at
                LIMIT @batch
                FOR UPDATE OF r SKIP LOCKED
                """;
            var due = await command.ReadAllAsync(rows => (
                ReviewId: rows.GetGuid(0), OrgId: rows.GetGuid(1), IncidentId: rows.GetGuid(2), Reference: rows.GetString(3),
                Owner: new PersonRef(rows.GetString(4), rows.GetString(5)),
                Checkpoint: rows.GetBoolean(6) ? FollowUpCheckpoints.ThirtyDayFollowUp : FollowUpCheckpoints.TwoWeekCheck), cancellationToken);

            if (due.Count == 0)
            {
                return 0;
            }

            command.CommandText = $"""
                SELECT a.review_id,
                       count(*) FILTER (WHERE {OpenWork}),
                       count(*) FILTER (WHERE {OpenWork} AND a.due_date < @today),
                       count(*) FILTER (WHERE a.status IN ('Done', 'Verified'))
                FROM action_items a WHERE a.review_id = ANY(@ids)
                GROUP BY a.review_id
                """;
            command.Parameters.AddWithValue("ids", due.Select(d => d.ReviewId).ToArray());
            var counts = (await command.ReadAllAsync(rows => (ReviewId: rows.GetGuid(0), Counts: ((int)rows.GetInt64(1), (int)rows.GetInt64(2), (int)rows.GetInt64(3))), cancellationToken))
                .ToDictionary(r => r.ReviewId, r => r.Counts);

            // A review found at 30 days for the first time (the watcher was down) gets the follow-up only; the 2-week check is past.
            command.CommandText = """
                UPDATE known_reviews SET two_week_check_raised_at = COALESCE(two_week_check_raised_at, @now),
                       thirty_day_follow_up_raised_at = CASE WHEN review_id = ANY(@thirty) THEN @now END
                WHERE review_id = ANY(@ids)
                """;
            command.Parameters.AddWithValue("thirty", due.Where(d => d.Checkpoint == FollowUpCheckpoints.ThirtyDayFollowUp).Select(d => d.ReviewId).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            db.AddIntegrationEvents(due.Select(d =>
            {
                var (open, overdue, done) = counts.GetValueOrDefault(d.ReviewId);
                return new ReviewFollowUpDue(d.OrgId, d.ReviewId, d.IncidentId, d.Reference, d.Checkpoint, d.Owner, open, overdue, done, now);
            }));
            return due.Count;
        }, cancellationToken);

    /// <summary>Binds <c>@today</c>, the UTC date the due dates are compared with.</summary>
    private static void BindToday(NpgsqlCommand command, DateTimeOffset now) =>
        command.Parameters.AddWithValue("today", DateOnly.FromDateTime(now.UtcDateTime));

    private static async Task MarkAsync(NpgsqlCommand command, string assignments, Guid[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return;
        }

        command.CommandText = $"UPDATE action_items SET {assignments} WHERE id = ANY(@ids)";
        command.Parameters.AddWithValue("ids", ids);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
