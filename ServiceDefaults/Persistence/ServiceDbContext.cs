using System.Diagnostics;
using System.Linq.Expressions;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>
/// Base of every service's DbContext: the outbox and inbox tables, and an org filter on every
/// <see cref="IOrgOwned"/> entity so no query can read another organization's rows.
/// </summary>
public abstract class ServiceDbContext : DbContext
{
    // A pooled instance serves one scope at a time: the lease binds it to that scope's org and clock. Unbound (design
    // time, a test's own instance) it belongs to no org, so its filters match no row.
    private OrgContext _orgContext = new();
    private TimeProvider _clock = TimeProvider.System;
    private bool _leased;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>Read by the query filters on every query (EF parameterizes it per context instance).</summary>
    public Guid CurrentOrgId => _orgContext.OrgIdOrEmpty;

    public TimeProvider Clock => _clock;

    private HashSet<WakeSignal>? _wakesAfterCommit;
    private List<Action<bool>>? _transactionEndActions;

    protected ServiceDbContext(DbContextOptions options) : base(options) => DisableAutomaticSavepoints();

    internal void BindToLease(OrgContext orgContext, TimeProvider clock)
    {
        _leased = true;
        _orgContext = orgContext;
        _clock = clock;
        _wakesAfterCommit?.Clear();
        AbandonTransactionEndActions();
        // The pool's reset turned them back on.
        DisableAutomaticSavepoints();
    }

    /// <summary>
    /// Our transactions are all or nothing: a failed save inside one is never retried in it, the transaction is rolled
    /// back. So EF's savepoint around each such save (<c>SAVEPOINT</c>, then <c>RELEASE</c>: two more round trips, on
    /// every outbox relay batch, batch of declarations and batch of recorded webhook attempts) would protect nothing.
    /// </summary>
    private void DisableAutomaticSavepoints() => Database.AutoSavepointsEnabled = false;

    /// <summary>
    /// While leased, only the lease returns the instance to the pool: the scope also disposes the context itself (it
    /// is resolved as its own type and as <see cref="ServiceDbContext"/>), and a second return could hand back an
    /// instance another scope has rented meanwhile.
    /// </summary>
    public override void Dispose()
    {
        if (!_leased)
        {
            AbandonTransactionEndActions();
            base.Dispose();
        }
    }

    public override ValueTask DisposeAsync()
    {
        if (_leased)
        {
            return ValueTask.CompletedTask;
        }

        AbandonTransactionEndActions();
        return base.DisposeAsync();
    }

    internal void ReturnToPool()
    {
        Unbind();
        base.Dispose();
    }

    internal ValueTask ReturnToPoolAsync()
    {
        Unbind();
        return base.DisposeAsync();
    }

    private void Unbind()
    {
        AbandonTransactionEndActions();
        _leased = false;
        _orgContext = new();
        _clock = TimeProvider.System;
    }

    /// <summary>
    /// Wakes <paramref name="signal"/>'s worker once the current transaction commits: for work written past the change
    /// tracker (a bulk copy), which <see cref="CommitWake{TWork}"/> cannot see. Dropped if the transaction rolls back.
    /// </summary>
    public void WakeAfterCommit(WakeSignal signal) => (_wakesAfterCommit ??= []).Add(signal);

    /// <summary>
    /// Runs <paramref name="ended"/> once, when the current transaction ends: with true only if it committed; with false
    /// if it rolled back or failed, or was left without either (disposed, followed by a new one, or the context disposed
    /// or returned to the pool). For state kept in memory that must follow the rows the transaction writes.
    /// </summary>
    public void WhenTransactionEnds(Action<bool> ended)
    {
        if (Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("There is no transaction whose end to wait for.");
        }

        (_transactionEndActions ??= []).Add(ended);
    }

    internal void TransactionEnded(bool committed)
    {
        if (_wakesAfterCommit is { Count: > 0 } signals)
        {
            if (committed)
            {
                foreach (var signal in signals)
                {
                    signal.Notify();
                }
            }

            signals.Clear();
        }

        RunTransactionEndActions(committed);
    }

    /// <summary>Ends what a transaction left without a commit or rollback (EF reports neither when one is just disposed).</summary>
    internal void AbandonTransactionEndActions() => RunTransactionEndActions(committed: false);

    private void RunTransactionEndActions(bool committed)
    {
        if (_transactionEndActions is not { Count: > 0 } actions)
        {
            return;
        }

        // Taken first: an action may start the next unit of work on this context.
        Action<bool>[] ending = [.. actions];
        actions.Clear();
        foreach (var ended in ending)
        {
            // Each one runs whatever the others do, and none turns a commit that happened into an error.
            try
            {
                ended(committed);
            }
            catch (Exception e)
            {
                this.GetService<ILoggerFactory>().CreateLogger<ServiceDbContext>()
                    .LogError(e, "An action waiting for the end of a transaction (committed: {Committed}) failed.", committed);
            }
        }
    }

    /// <summary>Adds an integration event to this unit of work; it is published only if the work commits.</summary>
    public void AddIntegrationEvent(IIntegrationEvent integrationEvent)
    {
        // The runtime type, not the static one: callers may hold the event as IIntegrationEvent.
        var eventType = integrationEvent.GetType();
        OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            OrgId = integrationEvent.OrgId,
            MessageType = eventType.FullName!,
            Payload = JsonSerializer.Serialize(integrationEvent, eventType, JsonConventions.Default),
            OccurredAt = integrationEvent.OccurredAt,
            TraceParent = Activity.Current?.Id,
        });
    }

    public void AddIntegrationEvents(IEnumerable<IIntegrationEvent> integrationEvents)
    {
        foreach (var integrationEvent in integrationEvents)
        {
            AddIntegrationEvent(integrationEvent);
        }
    }

    protected abstract void ConfigureDomain(ModelBuilder modelBuilder);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureDomain(modelBuilder);

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            outbox.Property(m => m.MessageType).HasMaxLength(300);
            outbox.Property(m => m.Payload).HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasMaxLength(128);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            // The relay's query: unsent messages in order, parked ones aside.
            outbox.HasIndex(m => m.Sequence).HasFilter("sent_at IS NULL AND parked_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
            outbox.HasIndex(m => m.ParkedAt).HasFilter("parked_at IS NOT NULL").HasDatabaseName("ix_outbox_messages_parked");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
            inbox.Property(m => m.MessageType).HasMaxLength(300);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(IOrgOwned).IsAssignableFrom(e.ClrType)))
        {
            var row = Expression.Parameter(entity.ClrType, "row");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(row, nameof(IOrgOwned.OrgId)),
                    Expression.Property(Expression.Constant(this), nameof(CurrentOrgId))),
                row);
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(filter);
            if (entity.FindAnnotation(OrgOwnedModel.OrgIndexAnnotation)?.Value is not false && !OrgOwnedModel.HasOrgLedIndex(entity))
            {
                modelBuilder.Entity(entity.ClrType).HasIndex(nameof(IOrgOwned.OrgId));
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardOrgOwnership();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardOrgOwnership();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // Defense in depth: even a bug in an endpoint cannot write a row into another organization.
    private void GuardOrgOwnership()
    {
        foreach (var entry in ChangeTracker.Entries<IOrgOwned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                EnsureOfCurrentOrg(entry.Entity, "save");
            }
        }
    }

    /// <summary>The same guard for rows written past the change tracker (<see cref="BulkInsert"/>).</summary>
    internal void EnsureOfCurrentOrg(IOrgOwned row, string writing)
    {
        if (row.OrgId != _orgContext.OrgIdOrEmpty)
        {
            throw new InvalidOperationException($"Refusing to {writing} a {row.GetType().Name} of another organization than the current one.");
        }
    }
}
