using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IncidentPlatform.Actions.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ActionsDbContext>
{
    public ActionsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<ActionsDbContext>()
            .UseNpgsql("Host=design-time", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options,
        new OrgContext(),
        TimeProvider.System);
}
