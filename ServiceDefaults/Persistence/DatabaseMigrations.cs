using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>
/// Applies a service's committed migrations that its database lacks. When nothing is pending it only reads the history
/// table: EF's migrator (its model differ, every migration's target model) would otherwise be loaded on every start
/// and stay in the service's memory for good.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceScopeFactory scopes, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken) => await ApplyPendingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The migrations this call applied (none when the database was up to date).</summary>
    public async Task<IReadOnlyList<string>> ApplyPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        // A new database has no history table yet: asking it for applied migrations would log a failed command.
        var pending = await database.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
            ? (await database.GetPendingMigrationsAsync(cancellationToken)).ToList()
            : database.GetMigrations().ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        // Another replica may be applying them right now: EF takes the migrations lock, and the loser finds nothing left.
        await database.MigrateAsync(cancellationToken);
        logger.LogInformation("Applied {Count} migrations to {Database}: {Migrations}", pending.Count, database.GetDbConnection().Database, pending);
        return pending;
    }
}

/// <summary>
/// <c>dotnet &lt;Service&gt;.dll migrate</c>: applies the service's pending migrations and exits, without starting the rest
/// of the service (it needs only <c>ConnectionStrings:{name}</c>), for a deployment's job or init container before a
/// rollout. (AppHost does not run it as a step of its own: on two cores, four more processes made the start slower.)
/// </summary>
public static class DatabaseMigrationCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    /// <returns>The process exit code: 0 once the database is up to date, 1 when it could not be brought there.</returns>
    public static async Task<int> RunAsync<TContext>(string[] args, string connectionName) where TContext : ServiceDbContext
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.AddServiceDatabase<TContext>(connectionName);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<DatabaseMigrator<TContext>>>();
        try
        {
            var applied = await host.Services.GetRequiredService<DatabaseMigrator<TContext>>().ApplyPendingAsync(CancellationToken.None);
            if (applied.Count == 0)
            {
                logger.LogInformation("{Connection} is up to date; no migration to apply", connectionName);
            }

            return 0;
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Could not apply the migrations of {Connection}", connectionName);
            return 1;
        }
    }
}
