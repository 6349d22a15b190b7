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
    /// <summary>Incidents whose review the consumer will crash on, right after writing it (before commit).</summary>
    public CrashAfterSaving Crash { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IInterceptor>(Crash);
        // Overdue steps are announced within a fraction of a second, so a test can wait for them.
        services.Configure<ReviewDeadlineOptions>(options => options.Interval = TimeSpan.FromMilliseconds(200));
    }
}

/// <summary>Simulates a consumer dying mid-message: its changes are written, then it throws before the commit.</summary>
public sealed class CrashAfterSaving : SaveChangesInterceptor
{
    private readonly Dictionary<Guid, int> _crashesLeft = [];
    private readonly HashSet<Guid> _crashed = [];

    public bool HasCrashedFor(Guid incidentId)
    {
        lock (_crashesLeft)
        {
            return _crashed.Contains(incidentId);
        }
    }

    /// <summary>Crash on the next <paramref name="times"/> attempts to save the review of <paramref name="incidentId"/>.</summary>
    public void ArmFor(Guid incidentId, int times = 1)
    {
        lock (_crashesLeft)
        {
            _crashesLeft[incidentId] = times;
        }
    }

    /// <summary>The cause is fixed: saving the review of <paramref name="incidentId"/> works again.</summary>
    public void Disarm(Guid incidentId)
    {
        lock (_crashesLeft)
        {
            _crashesLeft.Remove(incidentId);
        }
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var reviews = eventData.Context!.ChangeTracker.Entries<Review>().Select(e => e.Entity.IncidentId).ToList();
        lock (_crashesLeft)
        {
            var target = reviews.FirstOrDefault(_crashesLeft.ContainsKey);
            if (target != Guid.Empty)
            {
                if (--_crashesLeft[target] == 0)
                {
                    _crashesLeft.Remove(target);
                }

                _crashed.Add(target);
                throw new InvalidOperationException($"Simulated crash while handling the review of incident {target}.");
            }
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
