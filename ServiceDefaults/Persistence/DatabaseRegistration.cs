using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace IncidentPlatform.ServiceDefaults.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// The service's own PostgreSQL database, from <c>ConnectionStrings:{connectionName}</c> (Aspire's convention):
    /// its DbContext, a readiness check, and its committed migrations applied at start when some are still pending
    /// (<see cref="DatabaseMigrationCommand"/> applies them ahead, in a process of its own).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : ServiceDbContext
    {
        var connectionString = WithPlatformDefaults(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not configured. Start the platform with AppHost, or set ConnectionStrings__{connectionName}."));

        builder.Services.AddPooledServiceDbContext<TContext>(
            (services, options) => options
                .UsePlatformConventions(connectionString)
                // Interceptors registered by the service (or by a test injecting a fault) apply to every context.
                .AddInterceptors(services.GetServices<IInterceptor>()));

        // Registered before messaging so the schema exists before the first message is consumed.
        builder.Services.AddSingleton<DatabaseMigrator<TContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator<TContext>>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<TContext>>(connectionName, tags: [Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// <typeparamref name="TContext"/> for each scope (also as <see cref="ServiceDbContext"/>), from a pool: building a
    /// context's own EF services for every request and message was 15 % of Notifications' CPU under load (perf). Each
    /// lease is bound to its scope's org and clock and goes back to the pool, reset by EF, when the scope ends.
    /// </summary>
    public static IServiceCollection AddPooledServiceDbContext<TContext>(
        this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : ServiceDbContext
    {
        // What each lease binds its context to (authentication sets the org of an HTTP request's scope).
        services.TryAddScoped<OrgContext>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddScoped<PooledServiceDbContextLease<TContext>>();
        services.AddScoped(scope => scope.GetRequiredService<PooledServiceDbContextLease<TContext>>().Context);
        services.AddScoped<ServiceDbContext>(scope => scope.GetRequiredService<TContext>());
        return services;
    }

    /// <summary>How many connections a service's pool keeps at most unless its connection string says otherwise.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// The platform's defaults for a service's connections, each unless the connection string sets it:
    /// <list type="bullet">
    /// <item>Npgsql prepares the statements a service runs again and again (inbox, outbox, the workers' claims):
    /// PostgreSQL then parses and plans each once per connection, not per call, which was a good part of its CPU under
    /// load.</item>
    /// <item>A connection going back to the pool is not reset. The reset is seven statements (with prepared statements
    /// Npgsql cannot use <c>DISCARD ALL</c>) run before the next command on it: under 1,000 webhook deliveries a second
    /// they were a third of the statements PostgreSQL ran (pg_stat_statements, 2026-12-07). The services keep no
    /// session state to reset: their settings are <c>SET LOCAL</c>, ended with the transaction, and Npgsql rolls back a
    /// transaction left open whatever this setting.</item>
    /// <item>At most <see cref="DefaultMaxPoolSize"/> connections, not Npgsql's 100. A moment of slowness makes requests
    /// and messages overlap, each opening a connection of its own; each new PostgreSQL backend costs a process, an
    /// authentication and cold caches, which slows everything more: under 200 timeline entries a second just after a
    /// start, Incidents opened all 100 within a stall of about 3 s, during which PostgreSQL took up to 1.5 of the 2
    /// cores and requests waited up to 4 s (2026-12-07). Beyond its pool, work waits for a connection (Npgsql's
    /// <c>Timeout</c>).</item>
    /// </list>
    /// </summary>
    internal static string WithPlatformDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(KeywordOf).ToHashSet();
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains(KeywordOf(nameof(connection.MaxAutoPrepare))))
        {
            connection.MaxAutoPrepare = 50;
        }

        if (!given.Contains(KeywordOf(nameof(connection.NoResetOnClose))))
        {
            connection.NoResetOnClose = true;
        }

        if (!given.Overlaps([KeywordOf(nameof(connection.MaxPoolSize)), KeywordOf("Maximum Pool Size")]))
        {
            connection.MaxPoolSize = DefaultMaxPoolSize;
        }

        return connection.ConnectionString;
    }

    // Npgsql takes a setting by its property name or its display name, in any case ("MaxAutoPrepare", "Max Auto Prepare").
    private static string KeywordOf(string key) => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}

/// <summary>PostgreSQL with snake_case names and the platform's migrations history table, at run and design time alike.</summary>
public static class PlatformDbConventions
{
    private static readonly TransactionOutcomes TransactionOutcomes = new();

    public static DbContextOptionsBuilder UsePlatformConventions(this DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention()
        // What ServiceDbContext.WakeAfterCommit and WhenTransactionEnds need to know.
        .AddInterceptors(TransactionOutcomes);
}

internal sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
