using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.AppHost;

/// <summary>
/// A service's <c>migrate</c> command, run as AppHost runs it before the service: a process of the built service
/// that brings its database up to date and exits, 0 when done, non-zero (a start-up error naming it) when not.
/// </summary>
public sealed class MigrationStepTests(TestInfrastructure infrastructure) : IAsyncLifetime
{
    private readonly string _databaseName = $"test_{Guid.NewGuid():N}";
    private readonly PlatformContext _context = new(
        new PlatformOptions { StateDirectory = Path.Combine(Path.GetTempPath(), $"incident-platform-migrate-{Guid.NewGuid():N}") },
        new ConsoleLog(false));

    public async ValueTask InitializeAsync() => await infrastructure.Postgres.EnsureDatabaseAsync(_databaseName, default);

    [Fact]
    public async Task The_migrate_command_applies_every_migration_to_a_new_database_and_a_second_run_finds_nothing_left()
    {
        var connectionString = infrastructure.Postgres.ConnectionStringFor(_databaseName);

        var first = MigrationStep(connectionString);
        await first.StartAsync(_context, TestContext.Current.CancellationToken);
        await using var db = ReviewsDb(connectionString);
        var appliedFirst = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        var second = MigrationStep(connectionString);
        await second.StartAsync(_context, TestContext.Current.CancellationToken);
        var appliedSecond = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(db.Database.GetMigrations(), appliedFirst);
        Assert.Equal(appliedFirst, appliedSecond);
        Assert.Contains("`migrate` done", first.Describe(), StringComparison.Ordinal);
        Assert.Contains("no migration to apply", second.RecentOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migrate_command_that_cannot_reach_its_database_fails_the_start_with_its_exit_code_and_last_lines()
    {
        // Nothing listens on port 1: the connection is refused at once.
        var unreachable = "Host=127.0.0.1;Port=1;Username=platform;Password=wrong;Database=reviews";

        var step = MigrationStep(unreachable);
        var failure = await Assert.ThrowsAsync<PlatformStartException>(() => step.StartAsync(_context, TestContext.Current.CancellationToken));

        Assert.Contains($"{ResourceNames.ReviewsMigrations} (`migrate`) failed with exit code 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Could not apply the migrations of reviews-db", failure.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await infrastructure.Postgres.DropDatabaseAsync(_databaseName, default);
        if (Directory.Exists(_context.Options.StateDirectory))
        {
            Directory.Delete(_context.Options.StateDirectory, recursive: true);
        }
    }

    private static ProjectResource MigrationStep(string connectionString)
    {
        var step = new ProjectResource(ResourceNames.ReviewsMigrations, "Reviews.Api") { RunsToCompletion = true };
        step.AddArguments([DatabaseMigrationCommand.Name]);
        step.AddEnvironment(() => [new($"ConnectionStrings__{ResourceNames.ReviewsDb}", connectionString)]);
        return step;
    }

    private static ReviewsDbContext ReviewsDb(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ReviewsDbContext>();
        options.UsePlatformConventions(connectionString);
        return new(options.Options, new OrgContext(), TimeProvider.System);
    }
}
