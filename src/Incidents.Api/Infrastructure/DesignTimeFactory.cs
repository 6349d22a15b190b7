using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Incidents.Infrastructure;

internal sealed class DesignTimeFactory() : ServiceDesignTimeFactory<IncidentsDbContext>((options, org, time) => new(options, org, time));
