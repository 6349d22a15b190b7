using IncidentPlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseGateway();
app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();
