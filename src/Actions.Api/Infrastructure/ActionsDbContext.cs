using IncidentPlatform.Actions.Domain;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Infrastructure;

public sealed class ActionsDbContext(DbContextOptions<ActionsDbContext> options, OrgContext orgContext, TimeProvider clock)
    : ServiceDbContext(options, orgContext, clock)
{
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();

    public DbSet<KnownReview> KnownReviews => Set<KnownReview>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActionItem>(item =>
        {
            item.HasKey(a => a.Id);
            item.HasIndex(a => new { a.OrgId, a.ReviewId });
            item.Property(a => a.IncidentReference).HasMaxLength(32);
            item.Property(a => a.Title).HasMaxLength(ActionItem.TitleMaxLength);
            item.Property(a => a.Description).HasMaxLength(ActionItem.DescriptionMaxLength);
            item.Property(a => a.Priority).HasConversion<string>().HasMaxLength(4);
            item.Property(a => a.Type).HasConversion<string>().HasMaxLength(16);
            item.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            item.OwnsOne(a => a.Owner, owner => PersonColumns.Map(owner, "owner"));
            item.Property(a => a.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<KnownReview>(review =>
        {
            review.HasKey(r => r.ReviewId);
            review.Property(r => r.IncidentReference).HasMaxLength(32);
        });
    }
}
