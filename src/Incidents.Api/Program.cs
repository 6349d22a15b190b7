using IncidentPlatform.Incidents.Apis;
using IncidentPlatform.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIncidentsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapIncidentsApi();

app.Run();
