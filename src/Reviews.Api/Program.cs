using IncidentPlatform.Reviews.Apis;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReviewsServices();

var app = builder.Build();

app.UsePlatformApi();
app.MapDefaultEndpoints();
app.MapErrorQueueOperations();
app.MapOutboxOperations();
app.MapReviewsApi();
app.MapReviewWritingApi();
app.MapReviewRolesApi();
app.MapReviewMeetingApi();
app.MapReviewProcessApi();
app.MapKnowledgeApi();

app.Run();
