using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Secrets;
using MailKit.Net.Smtp;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.People;

/// <summary>
/// Sends due channel deliveries (email, Slack, Teams), one at a time. Each is claimed with <c>FOR UPDATE SKIP LOCKED</c>
/// in a transaction held while it is sent, so two replicas never send the same one, and a crash before the commit
/// sends it again (at least once). Woken when deliveries commit; polls for quiet hours ending and retries.
/// </summary>
public sealed partial class ChannelDispatcher(
    IServiceScopeFactory scopes,
    ChannelDeliverySignal signal,
    EmailSender email,
    ChatSender chat,
    SecretProtector secrets,
    IOptions<PeopleNotificationOptions> options,
    TimeProvider clock,
    ILogger<ChannelDispatcher> logger) : SignaledWorker(signal, logger)
{
    private readonly PeopleNotificationOptions _options = options.Value;

    protected override TimeSpan PollInterval => _options.PollInterval;

    /// <summary>Sends the next due delivery, if any; false when none is due.</summary>
    public override async Task<bool> DoNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await db.ClaimNextAsync(transaction, """
            SELECT id, org_id FROM channel_deliveries
            WHERE status = 'Pending' AND next_attempt_at <= @now
            ORDER BY next_attempt_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, now, cancellationToken);
        if (claimed is not { } due)
        {
            return false;
        }

        var (id, orgId) = due;
        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(orgId);
        var delivery = await db.ChannelDeliveries.SingleAsync(d => d.Id == id, cancellationToken);
        var notification = await db.Notifications.SingleAsync(n => n.Id == delivery.NotificationId, cancellationToken);
        var preferences = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == delivery.RecipientUserId, cancellationToken);
        if (preferences is null || !preferences.IsEnabled(delivery.Channel))
        {
            delivery.Skip(delivery.Channel == NotificationChannel.Email && preferences?.EmailEnabled == true && preferences.EmailVerifiedAt is null
                ? "The email address was not verified when it was due (enter the code sent there)."
                : $"{delivery.Channel} was turned off before it was sent.");
        }
        else
        {
            await SendAsync(delivery, notification, preferences, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task SendAsync(ChannelDelivery delivery, Notification notification, NotificationPreferences preferences, CancellationToken cancellationToken)
    {
        var message = ChannelMessage.From(notification, _options.PublicBaseUrl);
        try
        {
            switch (delivery.Channel)
            {
                case NotificationChannel.Email when !email.IsConfigured:
                    throw new InvalidOperationException("Email is not configured on this deployment (PeopleNotifications:Smtp:Host).");
                case NotificationChannel.Email:
                    await email.SendAsync(preferences.EmailAddress!, notification.RecipientDisplayName, message, cancellationToken);
                    break;
                default:
                    var protectedUrl = delivery.Channel == NotificationChannel.Slack ? preferences.ProtectedSlackWebhookUrl! : preferences.ProtectedTeamsWebhookUrl!;
                    await chat.SendAsync(delivery.Channel, secrets.Unprotect(protectedUrl, preferences.ChatUrlPurpose(delivery.Channel)), message, cancellationToken);
                    break;
            }

            delivery.Sent(clock.GetUtcNow());
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Never the destination itself in the log: a chat webhook URL is a secret.
            var error = exception is SmtpCommandException smtp
                ? $"SMTP {(int)smtp.StatusCode}: {smtp.Message}"
                : $"{exception.GetType().Name}: {exception.Message}";
            LogAttemptFailed(delivery.Id, delivery.Channel, error);
            delivery.AttemptFailed(error, clock.GetUtcNow());
            delivery.DeferTo(preferences.SendableFrom(delivery.NextAttemptAt));
        }
    }

    [LoggerMessage(LogLevel.Warning, "Channel delivery {DeliveryId} by {Channel} failed: {Error}")]
    private partial void LogAttemptFailed(Guid deliveryId, NotificationChannel channel, string error);
}
