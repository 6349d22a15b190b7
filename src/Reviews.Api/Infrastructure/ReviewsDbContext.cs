using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Infrastructure;

public sealed class ReviewsDbContext(DbContextOptions<ReviewsDbContext> options, OrgContext orgContext, TimeProvider clock)
    : ServiceDbContext(options, orgContext, clock)
{
    public DbSet<Review> Reviews => Set<Review>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Review>(review =>
        {
            review.HasKey(r => r.Id);
            // One review per incident; the consumer checks first, this makes a race impossible.
            review.HasIndex(r => new { r.OrgId, r.IncidentId }).IsUnique();
            review.Property(r => r.IncidentReference).HasMaxLength(32);
            review.Property(r => r.IncidentTitle).HasMaxLength(200);
            review.Property(r => r.Severity).HasConversion<string>().HasMaxLength(8);
            review.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            review.Property(r => r.Format).HasConversion<string>().HasMaxLength(32);
            review.Property(r => r.Audience).HasConversion<string>().HasMaxLength(32);
            review.Property(r => r.Services).HasColumnType("text[]");
            review.OwnsOne(r => r.Owner, owner =>
            {
                owner.Property(p => p.UserId).HasMaxLength(64).HasColumnName("owner_user_id");
                owner.Property(p => p.DisplayName).HasMaxLength(200).HasColumnName("owner_display_name");
            });
            review.OwnsMany(r => r.Deadlines, deadlines => deadlines.ToJson());
            review.Property(r => r.Version).IsConcurrencyToken();
        });
    }
}
