using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Infrastructure;

internal sealed class DesignTimeFactory() : ServiceDesignTimeFactory<ReviewsDbContext>((options, org, time) => new(options, org, time));
