using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Infrastructure;

public sealed class IncidentsDbContext(DbContextOptions<IncidentsDbContext> options, OrgContext orgContext, TimeProvider clock)
    : ServiceDbContext(options, orgContext, clock)
{
    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IncidentReferenceCounter> ReferenceCounters => Set<IncidentReferenceCounter>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Incident>(incident =>
        {
            incident.HasKey(i => i.Id);
            incident.Property(i => i.Reference).HasMaxLength(32);
            incident.HasIndex(i => new { i.OrgId, i.Reference }).IsUnique();
            incident.Property(i => i.Title).HasMaxLength(Incident.TitleMaxLength);
            incident.Property(i => i.Severity).HasConversion<string>().HasMaxLength(8);
            incident.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            incident.Property(i => i.Services).HasColumnType("text[]");
            incident.OwnsOne(i => i.IncidentLead, lead =>
            {
                lead.Property(p => p.UserId).HasMaxLength(64).HasColumnName("incident_lead_user_id");
                lead.Property(p => p.DisplayName).HasMaxLength(200).HasColumnName("incident_lead_display_name");
            });
            incident.Property(i => i.Version).IsConcurrencyToken();
            incident.Ignore(i => i.Duration);
        });

        modelBuilder.Entity<IncidentReferenceCounter>(counter =>
        {
            counter.ToTable("incident_reference_counters");
            counter.HasKey(c => new { c.OrgId, c.Year });
        });
    }
}
