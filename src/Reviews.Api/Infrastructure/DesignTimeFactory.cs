using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Infrastructure;

internal sealed class DesignTimeFactory() : ServiceDesignTimeFactory<ReviewsDbContext>(options => new(options));
