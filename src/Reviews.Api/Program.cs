using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Apis;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using IncidentPlatform.ServiceDefaults.Persistence;

if (DatabaseMigrationCommand.IsRequested(args))
{
    return await DatabaseMigrationCommand.RunAsync<ReviewsDbContext>(args, ResourceNames.ReviewsDb);
}

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
return 0;
