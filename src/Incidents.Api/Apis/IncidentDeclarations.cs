using System.Diagnostics;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>
/// Declares incidents an org at a time. An org's references are gapless, so its declarations take turns on its counter
/// row, which each holds until its commit; one at a time, a busy org could declare no faster than one transaction
/// after another. So declarations of an org that arrive while one is being saved wait for it and are then saved
/// together, in one transaction: one counter update for all their numbers, one batch of inserts (incidents and their
/// events), one commit. A declaration of an idle org is saved at once, alone. Numbers are still given out inside the
/// transaction that saves them, so a failed batch returns them all (and its declarations are then saved one by one, so
/// one bad row fails only its own request); replicas batch their own requests and take turns on the row as before. A
/// declaration whose caller gives up while it waits is dropped; once taken into a batch it is saved, as one whose caller
/// disconnects during its commit always was.
/// </summary>
public sealed class IncidentDeclarations(IServiceScopeFactory scopes, ILogger<IncidentDeclarations> logger)
{
    public const int MaxBatch = 50;

    private readonly Dictionary<Guid, OrgQueue> queues = [];

    /// <param name="declare">Builds the incident given its reference; already validated by the caller with a stand-in reference, so it does not throw.</param>
    public async Task<Incident> DeclareAsync(Guid orgId, int year, Func<string, Incident> declare, CancellationToken cancellationToken)
    {
        // Its event continues the caller's trace, whichever request's turn saves it.
        var pending = new PendingDeclaration(year, declare, Activity.Current, cancellationToken);
        bool startsBatches;
        lock (queues)
        {
            if (!queues.TryGetValue(orgId, out var queue))
            {
                queues[orgId] = queue = new OrgQueue();
            }

            queue.Waiting.Add(pending);
            startsBatches = !queue.Saving;
            queue.Saving = true;
        }

        if (startsBatches)
        {
            // Not in this request's context: the saver outlives it and saves other requests' declarations.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => SaveWhileWaitingAsync(orgId));
            }
        }

        return await pending.Saved.Task.WaitAsync(cancellationToken);
    }

    private async Task SaveWhileWaitingAsync(Guid orgId)
    {
        while (true)
        {
            List<PendingDeclaration> batch;
            lock (queues)
            {
                var queue = queues[orgId];
                // A caller that gave up before its turn is not declared.
                queue.Waiting.RemoveAll(p => p.Abandoned);
                if (queue.Waiting.Count == 0)
                {
                    queues.Remove(orgId);
                    return;
                }

                batch = [.. queue.Waiting.Take(MaxBatch)];
                queue.Waiting.RemoveRange(0, batch.Count);
            }

            if (!await TrySaveAsync(orgId, batch) && batch.Count > 1)
            {
                // One declaration may be what failed them all: each alone, so only its own caller hears of it.
                foreach (var pending in batch)
                {
                    await TrySaveAsync(orgId, [pending]);
                }
            }
        }
    }

    private async Task<bool> TrySaveAsync(Guid orgId, List<PendingDeclaration> batch)
    {
        try
        {
            var incidents = await SaveAsync(orgId, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Saved.TrySetResult(incidents[i]);
            }

            return true;
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "Could not save {Count} declarations of org {OrgId}; none of them was saved.", batch.Count, orgId);
            if (batch.Count == 1)
            {
                batch[0].Saved.TrySetException(failure);
            }

            return false;
        }
    }

    private async Task<List<Incident>> SaveAsync(Guid orgId, List<PendingDeclaration> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(orgId);
        var db = scope.ServiceProvider.GetRequiredService<IncidentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);

        // Years in order, so that two replicas' batches never wait on each other's counters in opposite orders.
        var references = new Dictionary<PendingDeclaration, string>();
        foreach (var year in batch.GroupBy(p => p.Year).OrderBy(g => g.Key))
        {
            var last = await IncidentReferenceAllocator.TakeAsync(db, orgId, year.Key, year.Count(), CancellationToken.None);
            var next = last - year.Count() + 1;
            foreach (var pending in year)
            {
                references[pending] = IncidentReference.Format(year.Key, next++);
            }
        }

        var incidents = batch.Select(p => p.Declare(references[p])).ToList();
        // The metrics count changes per month on a row each insert locks until the commit: take those rows first, in
        // order, so that this batch and any other transaction never wait on each other's months in opposite orders.
        DateOnly[] months = [.. incidents.Select(i => IncidentMetricSegment.MonthOf(i.StartedAt)).Distinct().Order()];
        await using (var takeMonths = db.CreateCommand(transaction, """
            INSERT INTO incident_metric_months AS m (org_id, month, change_count)
            SELECT @org_id, month, 1 FROM unnest(@months) AS month ORDER BY month
            ON CONFLICT (org_id, month) DO UPDATE SET change_count = m.change_count + 1
            """))
        {
            takeMonths.Parameters.AddWithValue("org_id", orgId);
            takeMonths.Parameters.AddWithValue("months", months);
            await takeMonths.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var previousActivity = Activity.Current;
        for (var i = 0; i < incidents.Count; i++)
        {
            db.Incidents.Add(incidents[i]);
            Activity.Current = batch[i].Caller;
            db.AddIntegrationEvent(IncidentEvents.Declared(incidents[i], incidents[i].CreatedAt));
        }

        Activity.Current = previousActivity;

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return incidents;
    }

    private sealed class OrgQueue
    {
        public readonly List<PendingDeclaration> Waiting = [];
        public bool Saving;
    }

    private sealed class PendingDeclaration(int year, Func<string, Incident> declare, Activity? caller, CancellationToken cancellationToken)
    {
        public int Year { get; } = year;

        public Activity? Caller { get; } = caller;

        public Func<string, Incident> Declare { get; } = declare;

        public TaskCompletionSource<Incident> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Abandoned => cancellationToken.IsCancellationRequested;
    }
}
