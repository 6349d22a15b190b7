using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.UnitTests;

/// <summary>The services' database models as EF builds them, without a database.</summary>
public sealed class DatabaseModelTests
{
    public static TheoryData<string> Services => ["incidents", "reviews", "actions", "notifications"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_services_committed_migrations_build_its_current_model(string service)
    {
        using var db = ContextOf(service);

        Assert.False(db.Database.HasPendingModelChanges(), $"The {service} model has changes no migration holds: add one with dotnet ef migrations add.");
    }

    [Fact]
    public void An_org_owned_table_gets_an_index_on_org_id_unless_it_is_only_reached_through_another_key()
    {
        using var db = ContextOf("notifications");

        Assert.True(HasOrgIdIndex(db, typeof(WebhookEndpoint)));
        Assert.True(HasOrgIdIndex(db, typeof(Notification)));
        Assert.False(HasOrgIdIndex(db, typeof(WebhookDelivery)));
        Assert.False(HasOrgIdIndex(db, typeof(WebhookAttempt)));
    }

    private static bool HasOrgIdIndex(DbContext db, Type entity) =>
        db.Model.FindEntityType(entity)!.GetIndexes().Any(index => index.Properties is [{ Name: nameof(IOrgOwned.OrgId) }]);

    private static ServiceDbContext ContextOf(string service) => service switch
    {
        "incidents" => new IncidentsDbContext(Options<IncidentsDbContext>()),
        "reviews" => new ReviewsDbContext(Options<ReviewsDbContext>()),
        "actions" => new ActionsDbContext(Options<ActionsDbContext>()),
        "notifications" => new NotificationsDbContext(Options<NotificationsDbContext>()),
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    // Never opened: building the model needs no server.
    private static DbContextOptions<TContext> Options<TContext>() where TContext : DbContext =>
        (DbContextOptions<TContext>)new DbContextOptionsBuilder<TContext>().UsePlatformConventions("Host=model-only").Options;
}
