using System.Security.Cryptography;
using System.Text;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Scheduling;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.People;

/// <summary>
/// Sends each person who asked for it their daily digest of action items due soon or overdue, at their own time in
/// their own time zone. One person per transaction: their preferences row is locked (<c>FOR UPDATE SKIP LOCKED</c>)
/// and moved to the next day in the same commit as the digest, so two replicas or a restart never send one twice; the
/// digest's source id is derived from the person and the date, which the inbox's unique index holds to once as well.
/// Nothing due: no digest, and the next one is tomorrow.
/// </summary>
public sealed class DailyDigestSweeper(
    IServiceScopeFactory scopes, IOptions<PeopleNotificationOptions> options, TimeProvider clock, ILogger<DailyDigestSweeper> logger)
    : PeriodicSweeper(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.DigestInterval;

    protected override int BatchSize => 1;

    public override async Task<bool> SweepOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Clock.GetUtcNow();
        var claimed = await db.ClaimNextAsync(transaction, """
            SELECT id, org_id FROM notification_preferences
            WHERE daily_digest_enabled AND next_digest_at <= @now
            ORDER BY next_digest_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, now, cancellationToken);
        if (claimed is not { } due)
        {
            return false;
        }

        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(due.OrgId);
        var preferences = await db.NotificationPreferences.SingleAsync(p => p.Id == due.Id, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, preferences.Zone).DateTime);
        var reminders = await db.ActionReminders.Where(r => r.OwnerUserId == preferences.UserId).ToListAsync(cancellationToken);
        var digestId = DigestIdOf(preferences, today);
        // Already sent today (the digest time moved later the same day): this run only moves on to tomorrow.
        var sentToday = await db.Notifications.AnyAsync(n => n.SourceEventId == digestId && n.RecipientUserId == preferences.UserId, cancellationToken);
        if (!sentToday && DailyDigest.Compose(reminders, today) is var (title, body))
        {
            var recipient = await db.Notifications.Where(n => n.RecipientUserId == preferences.UserId)
                .OrderByDescending(n => n.Id).Select(n => n.RecipientDisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";
            var digest = Notification.Create(
                preferences.OrgId, preferences.UserId, recipient, NotificationKind.DailyDigest, title, body,
                "/api/action-items", digestId, now);
            await scope.ServiceProvider.GetRequiredService<PeopleNotifier>().NotifyAsync(digest, cancellationToken);
        }

        preferences.DigestDone(now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Guid DigestIdOf(NotificationPreferences preferences, DateOnly day) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"daily-digest:{preferences.OrgId}:{preferences.UserId}:{day:yyyy-MM-dd}")).AsSpan(0, 16));
}
