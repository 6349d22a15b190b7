using IncidentPlatform.Actions.Apis;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using IncidentPlatform.ServiceDefaults.Persistence;

if (DatabaseMigrationCommand.IsRequested(args))
{
    return await DatabaseMigrationCommand.RunAsync<ActionsDbContext>(args, ResourceNames.ActionsDb);
}

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
return 0;
