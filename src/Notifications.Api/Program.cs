using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Apis;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using IncidentPlatform.ServiceDefaults.Persistence;

if (DatabaseMigrationCommand.IsRequested(args))
{
    return await DatabaseMigrationCommand.RunAsync<NotificationsDbContext>(args, ResourceNames.NotificationsDb);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapErrorQueueOperations();
app.MapOutboxOperations();
app.MapNotificationsApi();
app.MapNotificationPreferencesApi();
app.MapWebhookEndpointsApi();
app.MapWebhookDeliveriesApi();
app.MapAmqpCredentialsApi();

app.Run();
return 0;
