using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.PartnerAmqp;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Infrastructure;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options, OrgContext orgContext, TimeProvider clock)
    : ServiceDbContext(options, orgContext, clock)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<AmqpCredential> AmqpCredentials => Set<AmqpCredential>();

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
            notification.Property(n => n.Body).HasMaxLength(2000);
            notification.Property(n => n.Link).HasMaxLength(200);
        });

        modelBuilder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.HasKey(e => e.Id);
            endpoint.Property(e => e.Url).HasMaxLength(2000);
            endpoint.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
            endpoint.Property(e => e.EventTypes).HasColumnType("text[]");
            endpoint.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(500);
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
            delivery.Ignore(d => d.WebhookId);
        });

        modelBuilder.Entity<WebhookAttempt>(attempt =>
        {
            attempt.HasKey(a => a.Id);
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            attempt.HasIndex(a => new { a.DeliveryId, a.Number });
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
    }
}
