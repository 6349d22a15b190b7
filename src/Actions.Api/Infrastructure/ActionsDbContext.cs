using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Infrastructure;

public sealed class ActionsDbContext(DbContextOptions<ActionsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();

    public DbSet<KnownReview> KnownReviews => Set<KnownReview>();

    public DbSet<ActionPolicy> Policies => Set<ActionPolicy>();

    public DbSet<OrgPerson> People => Set<OrgPerson>();

    public DbSet<TrackerConnection> TrackerConnections => Set<TrackerConnection>();

    public DbSet<TrackerLink> TrackerLinks => Set<TrackerLink>();

    /// <summary>
    /// Writes a link's sync columns even where they look unchanged: the sync worker may have committed other values
    /// since the link was read (it holds the row while it calls the tracker), and pending work must not be lost to it.
    /// </summary>
    public void MarkSyncColumnsModified(TrackerLink link)
    {
        var entry = Entry(link);
        entry.Property(l => l.SyncStatus).IsModified = true;
        entry.Property(l => l.NextAttemptAt).IsModified = true;
        entry.Property(l => l.DesiredState).IsModified = true;
        entry.Property(l => l.PullRequested).IsModified = true;
    }

    /// <summary>The org's policy, or the default (unsaved) when it never changed it.</summary>
    public async Task<(ActionPolicy Policy, bool IsDefault)> PolicyOfAsync(Guid orgId, CancellationToken cancellationToken) =>
        await Policies.SingleOrDefaultAsync(p => p.OrgId == orgId, cancellationToken) is { } policy
            ? (policy, false)
            : (ActionPolicy.DefaultFor(orgId), true);

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActionItem>(item =>
        {
            item.HasKey(a => a.Id);
            item.HasIndex(a => new { a.OrgId, a.ReviewId });
            // The follow-up watcher's scans, across orgs: unfinished items by due date, holding only those not yet announced,
            // so a scan costs what it finds, not how many items are overdue already.
            item.HasIndex(a => a.DueDate, "ix_action_items_due_soon_pending")
                .HasFilter("status IN ('Open', 'InProgress') AND due_soon_raised_for IS DISTINCT FROM due_date");
            item.HasIndex(a => a.DueDate, "ix_action_items_overdue_pending")
                .HasFilter("status IN ('Open', 'InProgress') AND overdue_raised_for IS DISTINCT FROM due_date");
            // The list's status and overdue filters. (The org metrics read action_item_facts, kept by triggers on this
            // table: see the ActionMetricFacts migration.)
            item.HasIndex(a => new { a.OrgId, a.Status, a.DueDate }).IncludeProperties(a => a.Priority);
            item.HasIndex(a => new { a.OrgId, a.CreatedAt });
            item.HasIndex(a => new { a.OrgId, a.DueDate });
            item.HasIndex(a => new { a.OrgId, a.DoneAt });
            item.Property(a => a.IncidentReference).HasMaxLength(32);
            item.Property(a => a.Title).HasMaxLength(ActionItem.TitleMaxLength);
            item.Property(a => a.Description).HasMaxLength(ActionItem.DescriptionMaxLength);
            item.Property(a => a.SecondaryOwnerTeam).HasMaxLength(ActionItem.TeamMaxLength);
            item.Property(a => a.DefinitionOfDone).HasMaxLength(ActionItem.TextMaxLength);
            item.Property(a => a.ExpectedOutcome).HasMaxLength(ActionItem.TextMaxLength);
            item.Property(a => a.StatusReason).HasMaxLength(ActionItem.ReasonMaxLength);
            item.Property(a => a.TrackerUrl).HasMaxLength(ActionItem.UrlMaxLength);
            item.Property(a => a.Priority).HasConversion<string>().HasMaxLength(4);
            item.Property(a => a.Type).HasConversion<string>().HasMaxLength(16);
            item.Property(a => a.Nature).HasConversion<string>().HasMaxLength(16);
            item.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            item.OwnsOne(a => a.Owner, owner => PersonColumns.Map(owner, "owner"));
            item.OwnsOne(a => a.CreatedBy, person => PersonColumns.Map(person, "created_by"));
            item.OwnsOne(a => a.VerifiedBy, person => PersonColumns.Map(person, "verified_by"));
            item.Property(a => a.Evidence).StoreAsJsonList();
            item.Property(a => a.History).StoreAsJsonList();
            item.Property(a => a.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<KnownReview>(review =>
        {
            review.HasKey(r => r.ReviewId);
            review.Property(r => r.IncidentReference).HasMaxLength(32);
            review.Property(r => r.Severity).HasConversion<string>().HasMaxLength(8);
            review.HasIndex(r => new { r.OrgId, r.OpenedAt });
            review.OwnsOne(r => r.Owner, owner => PersonColumns.Map(owner, "owner"));
            review.OwnsOne(r => r.EngineeringManager, person => PersonColumns.Map(person, "engineering_manager"));
            // The follow-up watcher's scan: published reviews whose checkpoints are still to come.
            review.HasIndex(r => r.PublishedAt).HasFilter("published_at IS NOT NULL AND thirty_day_follow_up_raised_at IS NULL");
        });

        modelBuilder.Entity<ActionPolicy>(policy =>
        {
            policy.ToTable("action_policies");
            policy.HasKey(p => p.OrgId);
            policy.OwnsOne(p => p.EscalationContact, person => PersonColumns.Map(person, "escalation_contact"));
            policy.OwnsOne(p => p.UpdatedBy, person => PersonColumns.Map(person, "updated_by"));
            policy.Property(p => p.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<OrgPerson>(person =>
        {
            // Entra object ids are unique across tenants: one row per person, in the org they were seen in.
            person.ToTable("org_people");
            person.HasKey(p => p.UserId);
            person.Property(p => p.UserId).HasMaxLength(64);
            person.Property(p => p.DisplayName).HasMaxLength(200);
            person.HasIndex(p => p.OrgId);
        });

        modelBuilder.Entity<TrackerConnection>(connection =>
        {
            connection.HasKey(c => c.Id);
            connection.HasIndex(c => new { c.OrgId, c.Kind }).IsUnique();
            connection.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            connection.Property(c => c.BaseUrl).HasMaxLength(ActionItem.UrlMaxLength);
            connection.Property(c => c.Project).HasMaxLength(TrackerConnection.MaxProjectLength);
            connection.Property(c => c.UserName).HasMaxLength(320);
            // Encrypted (nonce, tag and base64 around a token of at most MaxTokenLength characters).
            connection.Property(c => c.ProtectedToken).HasMaxLength(2000);
            connection.Property(c => c.ProtectedWebhookSecret).HasMaxLength(500);
            connection.Property(c => c.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<TrackerLink>(link =>
        {
            link.HasKey(l => l.ActionItemId);
            link.HasOne<ActionItem>().WithOne().HasForeignKey<TrackerLink>(l => l.ActionItemId).OnDelete(DeleteBehavior.Cascade);
            link.HasIndex(l => new { l.ConnectionId, l.ExternalId });
            link.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
            link.Property(l => l.BaseUrl).HasMaxLength(ActionItem.UrlMaxLength);
            link.Property(l => l.Project).HasMaxLength(TrackerConnection.MaxProjectLength);
            link.Property(l => l.ExternalId).HasMaxLength(100);
            link.Property(l => l.ExternalKey).HasMaxLength(100);
            link.Property(l => l.Url).HasMaxLength(ActionItem.UrlMaxLength);
            link.Property(l => l.ExternalState).HasConversion<string>().HasMaxLength(16);
            link.Property(l => l.DesiredState).HasConversion<string>().HasMaxLength(16);
            link.Property(l => l.SyncStatus).HasConversion<string>().HasMaxLength(16);
            link.Property(l => l.LastError).HasMaxLength(TrackerLink.MaxErrorLength);
            // The worker's query, across orgs: pending work by when it is due, synced links by their next poll.
            link.HasIndex(l => l.NextAttemptAt).HasFilter("sync_status = 'Pending'").HasDatabaseName("ix_tracker_links_pending");
            link.HasIndex(l => l.NextPollAt).HasFilter("sync_status = 'Synced'").HasDatabaseName("ix_tracker_links_poll");
        });
    }
}
