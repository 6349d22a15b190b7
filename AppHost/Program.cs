using IncidentPlatform.AppHost.Demo;
using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.Contracts;

var builder = PlatformApplication.CreateBuilder(args);

// Infrastructure: identity (local Entra stand-in), one PostgreSQL with a database per service, one broker.
var identity = builder.AddDevIdentityIssuer(ResourceNames.Identity);
var postgres = builder.AddPostgres(ResourceNames.Postgres);
var messaging = builder.AddRabbitMQ(ResourceNames.Messaging);
var secretKeys = builder.AddSecretKeyRing(ResourceNames.SecretKeys);

var incidentsDb = postgres.AddDatabase(ResourceNames.IncidentsDb, "incidents");
var reviewsDb = postgres.AddDatabase(ResourceNames.ReviewsDb, "reviews");
var actionsDb = postgres.AddDatabase(ResourceNames.ActionsDb, "actions");
var notificationsDb = postgres.AddDatabase(ResourceNames.NotificationsDb, "notifications");

// Services: each owns its database and talks to the others only through events on the broker.
var incidents = builder.AddProject<Projects.Incidents_Api>(ResourceNames.IncidentsApi)
    .WithReference(incidentsDb).WaitFor(incidentsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(identity);

var reviews = builder.AddProject<Projects.Reviews_Api>(ResourceNames.ReviewsApi)
    .WithReference(reviewsDb).WaitFor(reviewsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(identity);

var actions = builder.AddProject<Projects.Actions_Api>(ResourceNames.ActionsApi)
    .WithReference(actionsDb).WaitFor(actionsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(identity)
    .WithReference(secretKeys);

var notifications = builder.AddProject<Projects.Notifications_Api>(ResourceNames.NotificationsApi)
    .WithReference(notificationsDb).WaitFor(notificationsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(identity)
    .WithReference(secretKeys);

// The gateway: the only public entry point.
var gateway = builder.AddProject<Projects.Gateway>(ResourceNames.Gateway)
    .WithHttpPort(builder.Options.GatewayPort, "--gateway-port")
    .WithReference(identity)
    .WithReference(incidents).WaitFor(incidents)
    .WithReference(reviews).WaitFor(reviews)
    .WithReference(actions).WaitFor(actions)
    .WithReference(notifications).WaitFor(notifications);

builder.AddDemoOrganization(gateway);

return await builder.Build().RunAsync();
