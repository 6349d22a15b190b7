using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Infrastructure;

internal sealed class DesignTimeFactory() : ServiceDesignTimeFactory<ActionsDbContext>(options => new(options));
