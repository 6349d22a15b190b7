using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Domain.Record;
using IncidentPlatform.Incidents.Domain.Timeline;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace IncidentPlatform.Incidents.Infrastructure;

public sealed class IncidentsDbContext(DbContextOptions<IncidentsDbContext> options) : ServiceDbContext(options)
{
    /// <summary>The text search configuration of the search vectors and of every query against them.</summary>
    public const string SearchLanguage = "english";

    /// <summary>The shadow property (a stored generated tsvector) that full-text search matches against.</summary>
    public const string SearchVector = "SearchVector";

    /// <summary>The stored response times of an incident: shadow property, and the lifecycle columns it spans.</summary>
    public static readonly (string Property, string From, string To)[] ResponseTimeColumns =
    [
        ("TimeToDetectMinutes", "started_at", "detected_at"),
        ("TimeToAcknowledgeMinutes", "detected_at", "acknowledged_at"),
        ("TimeToMitigateMinutes", "detected_at", "mitigated_at"),
        ("TimeToResolveMinutes", "detected_at", "resolved_at"),
        ("DurationMinutes", "started_at", "resolved_at"),
    ];

    /// <summary>Stored from the impact, for the org metrics' count of customer-impacting incidents.</summary>
    public const string CustomerImpactingColumn = "IsCustomerImpacting";

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();

    public DbSet<IncidentReferenceCounter> ReferenceCounters => Set<IncidentReferenceCounter>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Incident>(incident =>
        {
            incident.HasKey(i => i.Id);
            incident.Property(i => i.Reference).HasMaxLength(32);
            incident.HasIndex(i => new { i.OrgId, i.Reference }).IsUnique();
            // The list's sorts and the metrics' date range.
            incident.HasIndex(i => new { i.OrgId, i.CreatedAt, i.Id });
            // Response times in minutes, stored so the org metrics read them from the index below instead of computing them per row.
            foreach (var (column, from, to) in ResponseTimeColumns)
            {
                incident.Property<double?>(column).HasComputedColumnSql($"date_part('epoch', {to} - {from}) / 60", stored: true);
            }

            incident.Property<bool>(CustomerImpactingColumn)
                .HasComputedColumnSql("coalesce((impact ->> 'isCustomerImpacting')::boolean, false)", stored: true);

            // Covers the org metrics (an index-only scan of the date range) as well as the startedAt sort.
            incident.HasIndex(i => new { i.OrgId, i.StartedAt, i.Id })
                .IncludeProperties([.. ResponseTimeColumns.Select(c => c.Property), nameof(Incident.Severity), nameof(Incident.Kind), nameof(Incident.Services), CustomerImpactingColumn]);
            incident.HasIndex(i => new { i.OrgId, i.UpdatedAt, i.Id });
            incident.Property<NpgsqlTsVector>(SearchVector).HasComputedColumnSql(
                $"setweight(to_tsvector('{SearchLanguage}', coalesce(title, '')), 'A') || setweight(to_tsvector('{SearchLanguage}', coalesce(summary, '')), 'B')",
                stored: true);
            incident.HasIndex(SearchVector).HasMethod("GIN");
            incident.Property(i => i.Title).HasMaxLength(Incident.TitleMaxLength);
            incident.Property(i => i.Severity).HasConversion<string>().HasMaxLength(8);
            incident.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            incident.Property(i => i.Services).HasColumnType("text[]");
            incident.Property(i => i.Summary).HasMaxLength(Incident.SummaryMaxLength);
            incident.Property(i => i.Kind).HasConversion<string>().HasMaxLength(24);
            incident.Property(i => i.Tags).HasColumnType("text[]");
            incident.OwnsOne(i => i.IncidentLead, lead => PersonColumns.Map(lead, "incident_lead"));
            incident.Property(i => i.SeverityChanges).StoreAsJsonList();
            incident.Property(i => i.Participants).StoreAsJsonList();
            incident.Property(i => i.LeadChanges).StoreAsJsonList();
            incident.Property(i => i.Reopenings).StoreAsJsonList();
            incident.Property(i => i.Evidence).StoreAsJsonList();
            incident.Property(i => i.Impact).StoreAsJson(IncidentImpact.Unknown);
            incident.Property(i => i.Version).IsConcurrencyToken();
            incident.Ignore(i => i.Duration);
        });

        modelBuilder.Entity<TimelineEntry>(entry =>
        {
            entry.ToTable("timeline_entries");
            entry.HasKey(e => e.Id);
            entry.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
            entry.HasIndex(e => new { e.IncidentId, e.OccurredAt });
            entry.Property<NpgsqlTsVector>(SearchVector).HasComputedColumnSql($"to_tsvector('{SearchLanguage}', text)", stored: true);
            entry.HasIndex(SearchVector).HasMethod("GIN");
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
            entry.Property(e => e.Knowledge).HasConversion<string>().HasMaxLength(24);
            entry.Property(e => e.Text).HasMaxLength(TimelineEntry.TextMaxLength);
            entry.Property(e => e.Source).HasMaxLength(TimelineEntry.SourceMaxLength);
            entry.OwnsOne(e => e.Author, author =>
            {
                author.Property(p => p.UserId).HasMaxLength(200).HasColumnName("author_user_id");
                author.Property(p => p.DisplayName).HasMaxLength(200).HasColumnName("author_display_name");
            });
            entry.Property(e => e.Revisions).StoreAsJsonList();
            entry.Property(e => e.Version).IsConcurrencyToken();
            entry.Ignore(e => e.Content);
        });

        modelBuilder.Entity<IncidentReferenceCounter>(counter =>
        {
            counter.ToTable("incident_reference_counters");
            counter.HasKey(c => new { c.OrgId, c.Year });
        });
    }
}
