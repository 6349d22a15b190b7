using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Reviews;

public sealed class ReviewsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<ReviewsDbContext>(infrastructure, ResourceNames.ReviewsDb)
{
    /// <summary>Incidents whose review the consumer will crash on once, right after writing it (before commit).</summary>
    public CrashOnceAfterSaving Crash { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Crash);
}

/// <summary>Simulates a consumer dying mid-message: its changes are written, then it throws before the commit.</summary>
public sealed class CrashOnceAfterSaving : SaveChangesInterceptor
{
    private readonly HashSet<Guid> _pending = [];
    private readonly HashSet<Guid> _crashed = [];

    public bool HasCrashedFor(Guid incidentId)
    {
        lock (_pending)
        {
            return _crashed.Contains(incidentId);
        }
    }

    public void ArmFor(Guid incidentId)
    {
        lock (_pending)
        {
            _pending.Add(incidentId);
        }
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var reviews = eventData.Context!.ChangeTracker.Entries<Review>().Select(e => e.Entity.IncidentId).ToList();
        lock (_pending)
        {
            var target = reviews.FirstOrDefault(_pending.Contains);
            if (target != Guid.Empty)
            {
                _pending.Remove(target);
                _crashed.Add(target);
                throw new InvalidOperationException($"Simulated crash while handling the review of incident {target}.");
            }
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
