using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.IntegrationTests.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Incidents;

public sealed class IncidentsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<IncidentsDbContext>(infrastructure, ResourceNames.IncidentsDb);
