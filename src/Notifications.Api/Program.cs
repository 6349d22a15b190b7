using IncidentPlatform.Notifications.Apis;
using IncidentPlatform.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapNotificationsApi();

app.Run();
