using IncidentPlatform.Actions.Apis;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddActionsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapErrorQueueOperations();
app.MapOutboxOperations();
app.MapActionPolicyApi();
app.MapActionQualityApi();
app.MapActionMetricsApi();
app.MapActionItemsApi();
app.MapActionWorkflowApi();
app.MapTrackersApi();

app.Run();
