using IncidentPlatform.Incidents.Apis;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

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
