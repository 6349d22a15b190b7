using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Apis;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using IncidentPlatform.ServiceDefaults.Persistence;

if (DatabaseMigrationCommand.IsRequested(args))
{
    return await DatabaseMigrationCommand.RunAsync<IncidentsDbContext>(args, ResourceNames.IncidentsDb);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIncidentsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapErrorQueueOperations();
app.MapOutboxOperations();
app.MapIncidentsApi();
app.MapIncidentMetricsApi();
app.MapIncidentPeopleApi();
app.MapIncidentRecordApi();
app.MapTimelineApi();

app.Run();
return 0;
