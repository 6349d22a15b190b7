using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Reviews.Infrastructure;

public sealed class ReviewDeadlineOptions
{
    /// <summary>How often the watcher looks for steps that became overdue.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Raises <see cref="ReviewStepOverdue"/> once for every review step that passes its deadline undone. Each batch
/// locks its steps (<c>FOR UPDATE SKIP LOCKED</c>), writes the events to the outbox and marks the steps announced in
/// one transaction: with two replicas, each step is announced by exactly one, and a crash announces nothing twice.
/// </summary>
public sealed class ReviewDeadlineWatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReviewDeadlineOptions> options, ILogger<ReviewDeadlineWatcher> logger)
    : PeriodicSweeper(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override int BatchSize => options.Value.BatchSize;

    public override async Task<bool> SweepOnceAsync(CancellationToken cancellationToken) =>
        await RaiseOverdueStepsAsync(cancellationToken) == BatchSize;

    /// <summary>Announces one batch of overdue steps; returns how many.</summary>
    public Task<int> RaiseOverdueStepsAsync(CancellationToken cancellationToken) =>
        InOutboxBatchAsync<ReviewsDbContext>("overdue review step", async (db, command, now) =>
        {
            command.CommandText = """
                SELECT r.org_id, s.review_id, r.incident_id, r.incident_reference, r.severity, s.step, s.due_at, r.owner_user_id, r.owner_display_name
                FROM review_steps s JOIN reviews r ON r.id = s.review_id
                WHERE s.completed_at IS NULL AND s.overdue_raised_at IS NULL AND s.due_at <= @now
                ORDER BY s.due_at
                LIMIT @batch
                FOR UPDATE OF s SKIP LOCKED
                """;
            var overdue = await command.ReadAllAsync(rows => new ReviewStepOverdue(
                rows.GetGuid(0), rows.GetGuid(1), rows.GetGuid(2), rows.GetString(3), Enum.Parse<Severity>(rows.GetString(4)), rows.GetString(5),
                rows.GetFieldValue<DateTimeOffset>(6), new PersonRef(rows.GetString(7), rows.GetString(8)), now), cancellationToken);

            if (overdue.Count == 0)
            {
                return 0;
            }

            command.CommandText = """
                UPDATE review_steps s SET overdue_raised_at = @now
                FROM unnest(@reviews, @steps) AS announced(review_id, step)
                WHERE s.review_id = announced.review_id AND s.step = announced.step
                """;
            command.Parameters.AddWithValue("reviews", overdue.Select(o => o.ReviewId).ToArray());
            command.Parameters.AddWithValue("steps", overdue.Select(o => o.Step).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            db.AddIntegrationEvents(overdue);
            return overdue.Count;
        }, cancellationToken);
}
