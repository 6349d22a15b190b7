using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Infrastructure;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options, OrgContext orgContext, TimeProvider clock)
    : ServiceDbContext(options, orgContext, clock)
{
    public DbSet<Notification> Notifications => Set<Notification>();

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
    }
}
