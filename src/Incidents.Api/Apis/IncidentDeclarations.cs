using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>
/// Declares incidents an org at a time. An org's references are gapless, so its declarations take turns on its counter
/// row, which each holds until its commit; one at a time, a busy org could declare no faster than one transaction
/// after another. So declarations of an org that arrive while one is being saved wait for it and are then saved
/// together, in one transaction: one counter update for all their numbers, one batch of inserts (incidents and their
/// events), one commit. A declaration of an idle org is saved at once, alone. Numbers are still given out inside the
/// transaction that saves them, so a failed batch returns them all; replicas batch their own requests and take turns on
/// the row as before.
/// </summary>
public sealed class IncidentDeclarations(IServiceScopeFactory scopes, ILogger<IncidentDeclarations> logger)
{
    public const int MaxBatch = 50;

    private readonly Dictionary<Guid, OrgQueue> queues = [];

    /// <param name="declare">Builds the incident given its reference; already validated by the caller with a stand-in reference, so it does not throw.</param>
    public async Task<Incident> DeclareAsync(Guid orgId, int year, Func<string, Incident> declare, CancellationToken cancellationToken)
    {
        var pending = new PendingDeclaration(year, declare, cancellationToken);
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
            _ = Task.Run(() => SaveWhileWaitingAsync(orgId));
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

            try
            {
                var incidents = await SaveAsync(orgId, batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Saved.TrySetResult(incidents[i]);
                }
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Could not save {Count} declarations of org {OrgId}; none was saved.", batch.Count, orgId);
                batch.ForEach(p => p.Saved.TrySetException(failure));
            }
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
        foreach (var incident in incidents)
        {
            db.Incidents.Add(incident);
            db.AddIntegrationEvent(IncidentEvents.Declared(incident, incident.CreatedAt));
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return incidents;
    }

    private sealed class OrgQueue
    {
        public readonly List<PendingDeclaration> Waiting = [];
        public bool Saving;
    }

    private sealed class PendingDeclaration(int year, Func<string, Incident> declare, CancellationToken cancellationToken)
    {
        public int Year { get; } = year;

        public Func<string, Incident> Declare { get; } = declare;

        public TaskCompletionSource<Incident> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Abandoned => cancellationToken.IsCancellationRequested;
    }
}
