using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>
/// A service's <c>migrate</c> command (<c>dotnet Reviews.Api.dll migrate</c>, what a deployment runs before a rollout):
/// it brings the database up to date with nothing but its connection string, and its exit code says whether it did.
/// </summary>
public sealed class MigrateCommandTests(TestInfrastructure infrastructure) : IAsyncLifetime
{
    private readonly string _databaseName = $"test_{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync() => await infrastructure.Postgres.EnsureDatabaseAsync(_databaseName, default);

    [Fact]
    public async Task Migrate_applies_every_migration_to_a_new_database_and_a_second_run_finds_nothing_left()
    {
        var connectionString = infrastructure.Postgres.ConnectionStringFor(_databaseName);

        var firstExit = await MigrateAsync(connectionString);
        await using var db = ReviewsDb(connectionString);
        var appliedFirst = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);
        var secondExit = await MigrateAsync(connectionString);
        var appliedSecond = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, firstExit);
        Assert.Equal(0, secondExit);
        Assert.Equal(db.Database.GetMigrations(), appliedFirst);
        Assert.Equal(appliedFirst, appliedSecond);
    }

    [Fact]
    public async Task Migrate_exits_with_1_when_its_database_does_not_answer()
    {
        // Nothing listens on port 1: the connection is refused at once.
        var exit = await MigrateAsync("Host=127.0.0.1;Port=1;Username=platform;Password=wrong;Database=reviews");

        Assert.Equal(1, exit);
    }

    public async ValueTask DisposeAsync() => await infrastructure.Postgres.DropDatabaseAsync(_databaseName, default);

    private static Task<int> MigrateAsync(string connectionString) => DatabaseMigrationCommand.RunAsync<ReviewsDbContext>(
        [DatabaseMigrationCommand.Name, $"--ConnectionStrings:{ResourceNames.ReviewsDb}={connectionString}"], ResourceNames.ReviewsDb);

    private static ReviewsDbContext ReviewsDb(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ReviewsDbContext>();
        options.UsePlatformConventions(connectionString);
        return new(options.Options);
    }
}
