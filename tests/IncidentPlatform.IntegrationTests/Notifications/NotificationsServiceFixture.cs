using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Notifications;

public sealed class NotificationsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb);
