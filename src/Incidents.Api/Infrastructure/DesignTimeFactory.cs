using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Incidents.Infrastructure;

internal sealed class DesignTimeFactory() : ServiceDesignTimeFactory<IncidentsDbContext>(options => new(options));
