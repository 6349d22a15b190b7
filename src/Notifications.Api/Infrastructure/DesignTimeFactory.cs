using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Notifications.Infrastructure;

internal sealed class DesignTimeFactory() : ServiceDesignTimeFactory<NotificationsDbContext>(options => new(options));
