using IncidentPlatform.Actions.Apis;
using IncidentPlatform.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddActionsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapActionItemsApi();

app.Run();
