using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Meetings;
using IncidentPlatform.Reviews.Domain.Timeline;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Publishing;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Infrastructure;

public sealed class ReviewsDbContext(DbContextOptions<ReviewsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<ReviewReport> Reports => Set<ReviewReport>();

    public DbSet<ReviewPolicy> Policies => Set<ReviewPolicy>();

    public DbSet<TimelineEntryCopy> TimelineEntries => Set<TimelineEntryCopy>();

    public DbSet<KnowledgeEntry> Knowledge => Set<KnowledgeEntry>();

    /// <summary>An incident's timeline as Reviews knows it, in time order.</summary>
    public Task<List<TimelineEntryCopy>> TimelineOfAsync(Guid incidentId, CancellationToken cancellationToken) =>
        TimelineEntries.AsNoTracking().Where(e => e.IncidentId == incidentId && !e.IsDeleted).OrderBy(e => e.OccurredAt).ThenBy(e => e.EntryId).ToListAsync(cancellationToken);

    /// <summary>The org's policy, or the default one (not yet stored) when the org never changed it.</summary>
    public async Task<(ReviewPolicy Policy, bool IsDefault)> PolicyOfAsync(Guid orgId, CancellationToken cancellationToken) =>
        await Policies.SingleOrDefaultAsync(p => p.OrgId == orgId, cancellationToken) is { } stored
            ? (stored, false)
            : (ReviewPolicy.DefaultFor(orgId), true);

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        // Lets a GIN index lead with the org id (a trusted extension: the database's owner may create it).
        modelBuilder.HasPostgresExtension("btree_gin");
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
            review.Property(r => r.Tags).HasColumnType("text[]");
            review.OwnsOne(r => r.Owner, owner => PersonColumns.Map(owner, "owner"));
            review.OwnsMany(r => r.Deadlines, step =>
            {
                step.ToTable("review_steps");
                step.WithOwner().HasForeignKey("ReviewId");
                step.HasKey("ReviewId", nameof(ReviewStepDeadline.Step));
                step.Property(s => s.Step).HasMaxLength(32);
                step.OwnsOne(s => s.CompletedBy, by => PersonColumns.Map(by, "completed_by"));
                // The deadline watcher's query: steps not done whose overdue event is not raised yet, by deadline.
                step.HasIndex(s => s.DueAt).HasFilter("completed_at IS NULL AND overdue_raised_at IS NULL").HasDatabaseName("ix_review_steps_unannounced");
                step.HasIndex(s => new { s.OrgId, s.DueAt }).HasFilter("completed_at IS NULL");
            });
            review.Property(r => r.IncidentParticipants).StoreAsJsonList();
            review.Property(r => r.Roles).StoreAsJson(ReviewRoles.Empty);
            review.Property(r => r.Impact!).StoreAsJson<IncidentImpactFigures>(whenNull: null!);
            review.Property(r => r.Meeting!).StoreAsJson<ReviewMeeting>(whenNull: null!);
            review.Property(r => r.RepeatOf!).StoreAsJson<RepeatLink>(whenNull: null!);
            review.Property(r => r.Version).IsConcurrencyToken();
            review.Property(r => r.Analysis).StoreAsJson(ReviewAnalysis.Empty);
            review.Property(r => r.AcceptedFindings).StoreAsJsonList();
            review.Property(r => r.ActionItems).StoreAsJsonList();
        });

        modelBuilder.Entity<KnowledgeEntry>(entry =>
        {
            entry.HasKey(e => e.ReviewId);
            entry.Property(e => e.IncidentReference).HasMaxLength(32);
            entry.Property(e => e.Title).HasMaxLength(200);
            entry.Property(e => e.Severity).HasConversion<string>().HasMaxLength(8);
            entry.Property(e => e.Services).HasColumnType("text[]");
            entry.Property(e => e.Tags).HasColumnType("text[]");
            entry.Property(e => e.FactorCategories).HasColumnType("text[]");
            // A search walks the org's newest reviews checking each row's vectors, or gathers its matches through the org's
            // text index when they are few (see KnowledgeSearch). So the vectors and the filtered arrays stay in the row
            // (storage MAIN, set in the KnowledgeSearchBounded migration) while the texts, read for a page's highlights only,
            // live out of line (toast_tuple_target).
            entry.ToTable("knowledge_entries");
            entry.HasStorageParameter("toast_tuple_target", 128);
            entry.Property<NpgsqlTypes.NpgsqlTsVector>(KnowledgeEntry.SearchVectorColumn)
                .HasColumnName(KnowledgeEntry.SearchVectorColumn)
                .HasComputedColumnSql(
                    "setweight(to_tsvector('english', title || ' ' || keywords), 'A') || " +
                    "setweight(to_tsvector('english', summary || ' ' || factors), 'B') || " +
                    "setweight(to_tsvector('english', body), 'C')", stored: true);
            entry.Property<NpgsqlTypes.NpgsqlTsVector>(KnowledgeEntry.HeadVectorColumn)
                .HasColumnName(KnowledgeEntry.HeadVectorColumn)
                .HasComputedColumnSql(
                    "setweight(to_tsvector('english', title || ' ' || keywords), 'A') || " +
                    "setweight(to_tsvector('english', left(factors, 600)), 'B')", stored: true);
            // The text indexes lead with the org (btree_gin), so a search reads its own org's matches only, however many
            // orgs share the table, and hold the filters too, so GIN intersects them all before any row is read; fastupdate
            // off keeps every search off an unsorted pending list. The started-at index without the org lets a date range
            // narrow a text search (PostgreSQL never combines two indexes on one clause, here the org's).
            string[] filtered = [nameof(KnowledgeEntry.Services), nameof(KnowledgeEntry.Tags), nameof(KnowledgeEntry.FactorCategories), nameof(KnowledgeEntry.Severity)];
            entry.HasIndex([nameof(KnowledgeEntry.OrgId), KnowledgeEntry.SearchVectorColumn, .. filtered])
                .HasDatabaseName("ix_knowledge_entries_search").HasMethod("gin").HasStorageParameter("fastupdate", false);
            entry.HasIndex([nameof(KnowledgeEntry.OrgId), KnowledgeEntry.HeadVectorColumn, .. filtered])
                .HasDatabaseName("ix_knowledge_entries_head_search").HasMethod("gin").HasStorageParameter("fastupdate", false);
            entry.HasIndex(e => new { e.OrgId, e.IncidentStartedAt });
            entry.HasIndex(e => e.IncidentStartedAt);
        });

        modelBuilder.Entity<ReviewPolicy>(policy =>
        {
            policy.ToTable("review_policies");
            policy.HasKey(p => p.OrgId);
            policy.Property(p => p.MeetingSeverities).StoreAsJsonList();
            policy.Property(p => p.Sev1MeetingHeldDays).HasColumnName("sev1_meeting_held_days");
            policy.Property(p => p.Version).IsConcurrencyToken();
            policy.OwnsOne(p => p.UpdatedBy, by => PersonColumns.Map(by, "updated_by"));
            policy.Ignore(p => p.Settings);
        });

        modelBuilder.Entity<TimelineEntryCopy>(entry =>
        {
            entry.ToTable("incident_timeline_entries");
            entry.HasKey(e => e.EntryId);
            entry.HasIndex(e => new { e.OrgId, e.IncidentId, e.OccurredAt });
            entry.Property(e => e.Kind).HasMaxLength(32);
            entry.Property(e => e.Knowledge).HasMaxLength(32);
            entry.Property(e => e.Text).HasMaxLength(2000);
            entry.Property(e => e.Source).HasMaxLength(100);
            entry.OwnsOne(e => e.Author, author => PersonColumns.Map(author, "author"));
        });

        modelBuilder.Entity<ReviewReport>(report =>
        {
            report.ToTable("review_reports");
            report.HasKey(r => r.Id);
            report.HasOne<Review>().WithMany().HasForeignKey(r => r.ReviewId).OnDelete(DeleteBehavior.Cascade);
            // Versions are numbered per review; two publications racing for one number cannot both win.
            report.HasIndex(r => new { r.ReviewId, r.Version }).IsUnique();
            report.Property(r => r.ChangeNote).HasMaxLength(1000);
            report.OwnsOne(r => r.PublishedBy, by => PersonColumns.Map(by, "published_by"));
            report.Property(r => r.Json).HasColumnType("jsonb");
        });
    }
}
