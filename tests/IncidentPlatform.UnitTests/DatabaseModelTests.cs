using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IncidentPlatform.UnitTests;

/// <summary>The services' database models as EF builds them, without a database.</summary>
public sealed class DatabaseModelTests
{
    public static TheoryData<Type> Contexts => [typeof(IncidentsDbContext), typeof(ReviewsDbContext), typeof(ActionsDbContext), typeof(NotificationsDbContext)];

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Each_services_committed_migrations_build_its_current_model(Type context)
    {
        using var db = ContextOf(context);

        Assert.False(db.Database.HasPendingModelChanges(), $"The {context.Name} model has changes no migration holds: add one with dotnet ef migrations add.");
    }

    [Fact]
    public void An_org_owned_table_gets_an_index_on_org_id_unless_another_index_leads_with_it_or_it_is_only_reached_through_another_key()
    {
        using var db = ContextOf(typeof(NotificationsDbContext));

        Assert.True(HasOrgIdIndex(db, typeof(WebhookEndpoint)));
        Assert.False(HasOrgIdIndex(db, typeof(Notification)));
        Assert.True(HasOrgLedIndex(db, typeof(Notification)));
        Assert.False(HasOrgIdIndex(db, typeof(WebhookDelivery)));
        Assert.False(HasOrgIdIndex(db, typeof(WebhookAttempt)));
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void No_table_keeps_an_index_on_org_id_alone_beside_a_plain_index_or_key_that_leads_with_it(Type context)
    {
        using var db = ContextOf(context);

        var redundant = db.Model.GetEntityTypes()
            .Where(entity => HasOrgIdIndex(entity) && entity.GetKeys().Select(key => key.Properties)
                .Concat(entity.GetIndexes().Where(index => index.GetFilter() is null && index.GetMethod() is null && index.Properties.Count > 1).Select(index => index.Properties))
                .Any(properties => properties[0].Name == nameof(IOrgOwned.OrgId)))
            .Select(entity => entity.GetTableName());
        Assert.Empty(redundant);
    }

    private static bool HasOrgIdIndex(DbContext db, Type entity) => HasOrgIdIndex(db.Model.FindEntityType(entity)!);

    private static bool HasOrgIdIndex(IReadOnlyEntityType entity) =>
        entity.GetIndexes().Any(index => index.Properties is [{ Name: nameof(IOrgOwned.OrgId) }]);

    private static bool HasOrgLedIndex(DbContext db, Type entity) =>
        db.Model.FindEntityType(entity)!.GetIndexes().Any(index => index.Properties is [{ Name: nameof(IOrgOwned.OrgId) }, _, ..]);

    /// <summary>The context as <c>dotnet ef migrations add</c> builds it: through its service's design-time factory (never opened).</summary>
    private static ServiceDbContext ContextOf(Type context)
    {
        var factoryType = typeof(IDesignTimeDbContextFactory<>).MakeGenericType(context);
        var factory = Activator.CreateInstance(context.Assembly.GetTypes().Single(factoryType.IsAssignableFrom), nonPublic: true);
        return (ServiceDbContext)factoryType.GetMethod(nameof(IDesignTimeDbContextFactory<ServiceDbContext>.CreateDbContext))!.Invoke(factory, [Array.Empty<string>()])!;
    }
}
