using IncidentPlatform.Reviews.Apis;
using IncidentPlatform.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReviewsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapReviewsApi();

app.Run();
