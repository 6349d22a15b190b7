using IncidentPlatform.Notifications.Apis;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

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
