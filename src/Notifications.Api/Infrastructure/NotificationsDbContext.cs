using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.PartnerAmqp;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace IncidentPlatform.Notifications.Infrastructure;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<AmqpCredential> AmqpCredentials => Set<AmqpCredential>();

    public DbSet<NotificationPreferences> NotificationPreferences => Set<NotificationPreferences>();

    public DbSet<ChannelDelivery> ChannelDeliveries => Set<ChannelDelivery>();

    public DbSet<ActionReminder> ActionReminders => Set<ActionReminder>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Notification>(notification =>
        {
            notification.HasKey(n => n.Id);
            notification.HasIndex(n => new { n.OrgId, n.RecipientUserId, n.Id });
            notification.HasIndex(n => new { n.SourceEventId, n.RecipientUserId }).IsUnique();
            notification.Property(n => n.RecipientUserId).HasMaxLength(64);
            notification.Property(n => n.RecipientDisplayName).HasMaxLength(200);
            notification.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
            notification.Property(n => n.Title).HasMaxLength(400);
            notification.Property(n => n.Body).HasMaxLength(Notification.MaxBodyLength);
            notification.Property(n => n.Link).HasMaxLength(200);
        });

        modelBuilder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.HasKey(e => e.Id);
            endpoint.Property(e => e.Url).HasMaxLength(2000);
            endpoint.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
            endpoint.Property(e => e.EventTypes).HasColumnType("text[]");
            endpoint.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(WebhookEndpoint.MaxDisabledReasonLength);
            endpoint.Property(e => e.ProtectedSecret).HasMaxLength(500);
            endpoint.Property(e => e.ProtectedPreviousSecret).HasMaxLength(500);
            endpoint.OwnsOne(e => e.CreatedBy, person => PersonColumns.Map(person, "created_by"));
            endpoint.Property(e => e.Version).IsConcurrencyToken();
            endpoint.Ignore(e => e.Settings);
            // Fan-out: the org's endpoints subscribed to an event type.
            endpoint.HasIndex(e => e.EventTypes).HasMethod("gin");
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.HasKey(d => d.Id);
            // Room in each page for the dispatcher's lease update to stay there (a HOT update), so it writes no index entries.
            delivery.HasStorageParameter("fillfactor", 70);
            // Reached by endpoint or by id: the dispatcher records a batch of attempts by their deliveries' ids.
            delivery.HasNoOrgIndex();
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            delivery.Property(d => d.EventType).HasMaxLength(100);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(1000);
            // A redelivered event makes no second delivery to the same endpoint.
            delivery.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
            // The delivery log: an endpoint's deliveries, newest first.
            delivery.HasIndex(d => new { d.EndpointId, d.Id });
            // The dispatcher's query: what is due, across orgs.
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_webhook_deliveries_due");
            delivery.Property<string?>("StoredWebhookId").HasColumnName("webhook_id").HasMaxLength(WebhookDelivery.WebhookIdMaxLength);
        });

        modelBuilder.Entity<WebhookAttempt>(attempt =>
        {
            attempt.HasKey(a => a.Id);
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            attempt.HasIndex(a => new { a.DeliveryId, a.Number });
            // Reached by delivery.
            attempt.HasNoOrgIndex();
            attempt.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(16);
            attempt.Property(a => a.ResponseExcerpt).HasMaxLength(WebhookAttempt.ResponseExcerptLength);
            attempt.Property(a => a.Error).HasMaxLength(1000);
        });

        modelBuilder.Entity<AmqpCredential>(credential =>
        {
            credential.HasKey(c => c.Id);
            credential.Property(c => c.UserName).HasMaxLength(64);
            credential.HasIndex(c => c.UserName).IsUnique();
            credential.Property(c => c.Description).HasMaxLength(AmqpCredential.MaxDescriptionLength);
            credential.OwnsOne(c => c.CreatedBy, person => PersonColumns.Map(person, "created_by"));
        });

        modelBuilder.Entity<NotificationPreferences>(preferences =>
        {
            preferences.HasKey(p => p.Id);
            preferences.HasIndex(p => new { p.OrgId, p.UserId }).IsUnique();
            preferences.Property(p => p.UserId).HasMaxLength(64);
            preferences.Property(p => p.TimeZone).HasMaxLength(64);
            preferences.Property(p => p.EmailAddress).HasMaxLength(320);
            preferences.Property(p => p.ProtectedSlackWebhookUrl).HasMaxLength(1500);
            preferences.Property(p => p.ProtectedTeamsWebhookUrl).HasMaxLength(1500);
            preferences.Property(p => p.SlackWebhookHost).HasMaxLength(255);
            preferences.Property(p => p.TeamsWebhookHost).HasMaxLength(255);
            preferences.Property(p => p.MutedKinds).HasColumnType("text[]").HasConversion(
                kinds => kinds.Select(k => k.ToString()).ToArray(),
                names => names.Select(Enum.Parse<NotificationKind>).ToList(),
                new ValueComparer<List<NotificationKind>>((a, b) => a!.SequenceEqual(b!), kinds => kinds.Aggregate(0, (hash, k) => HashCode.Combine(hash, k)), kinds => kinds.ToList()));
            preferences.Property(p => p.Version).IsConcurrencyToken();
            preferences.Ignore(p => p.QuietHours);
            preferences.Ignore(p => p.Zone);
            // The digest sweep: who is due, across orgs.
            preferences.HasIndex(p => p.NextDigestAt).HasFilter("daily_digest_enabled").HasDatabaseName("ix_notification_preferences_digest_due");
        });

        modelBuilder.Entity<ChannelDelivery>(delivery =>
        {
            delivery.HasKey(d => d.Id);
            delivery.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasIndex(d => new { d.NotificationId, d.Channel }).IsUnique();
            delivery.Property(d => d.RecipientUserId).HasMaxLength(64);
            delivery.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(ChannelDelivery.MaxErrorLength);
            // The dispatcher's query: what is due, across orgs.
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_channel_deliveries_due");
        });

        modelBuilder.Entity<ActionReminder>(reminder =>
        {
            reminder.HasKey(r => r.ActionItemId);
            reminder.HasIndex(r => new { r.OrgId, r.OwnerUserId });
            reminder.Property(r => r.OwnerUserId).HasMaxLength(64);
            reminder.Property(r => r.Title).HasMaxLength(400);
            reminder.Property(r => r.Priority).HasMaxLength(8);
            reminder.Property(r => r.IncidentReference).HasMaxLength(32);
        });
    }
}
