using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Actions;

/// <summary>
/// Services take their DbContext from a pool: an instance serves one scope at a time, bound to that scope's org, and
/// nothing of one scope (its org, tracked rows, settings, what its transaction left pending) reaches the next. No other
/// work shares this pool, so the instance a scope returns is the one the next scope gets.
/// </summary>
public sealed class PooledContextTests(TestInfrastructure infrastructure) : IAsyncLifetime
{
    private readonly string _databaseName = $"test_{Guid.NewGuid():N}";
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        await infrastructure.Postgres.EnsureDatabaseAsync(_databaseName, default);
        var connectionString = infrastructure.Postgres.ConnectionStringFor(_databaseName);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddScoped<OrgContext>()
            .AddPooledServiceDbContext<ActionsDbContext>((_, options) => options.UsePlatformConventions(connectionString))
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ActionsDbContext>().Database.MigrateAsync();
    }

    [Fact]
    public async Task The_next_scope_gets_the_same_instance_bound_to_its_own_org_with_nothing_of_the_previous_scope()
    {
        var orgA = Guid.NewGuid();
        var orgB = Guid.NewGuid();
        ActionsDbContext first;
        await using (var scope = ScopeOf(orgA))
        {
            first = scope.ServiceProvider.GetRequiredService<ActionsDbContext>();
            Assert.Same(first, scope.ServiceProvider.GetRequiredService<ServiceDbContext>());
            first.People.Add(Person(orgA, "saved"));
            await first.SaveChangesAsync(TestContext.Current.CancellationToken);
            first.People.Add(Person(orgA, "left unsaved"));
            first.Database.AutoSavepointsEnabled = true;
            first.ChangeTracker.AutoDetectChangesEnabled = false;
        }

        await using (var scope = ScopeOf(orgB))
        {
            var second = scope.ServiceProvider.GetRequiredService<ActionsDbContext>();

            Assert.Same(first, second);
            Assert.Equal(orgB, second.CurrentOrgId);
            Assert.Empty(second.ChangeTracker.Entries());
            Assert.False(second.Database.AutoSavepointsEnabled); // ours: transactions are all or nothing
            Assert.True(second.ChangeTracker.AutoDetectChangesEnabled); // EF's default
            Assert.Empty(await second.People.ToListAsync(TestContext.Current.CancellationToken));
            second.People.Add(Person(orgA, "written by org B"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
        }

        await using (var scope = ScopeOf(orgA))
        {
            var people = await scope.ServiceProvider.GetRequiredService<ActionsDbContext>().People
                .Select(person => person.UserId).ToListAsync(TestContext.Current.CancellationToken);

            Assert.Equal(["saved"], people);
        }
    }

    [Fact]
    public async Task A_scope_that_resolved_its_context_both_ways_returns_it_to_the_pool_once()
    {
        await using (var scope = ScopeOf(Guid.NewGuid()))
        {
            Assert.Same(scope.ServiceProvider.GetRequiredService<ActionsDbContext>(), scope.ServiceProvider.GetRequiredService<ServiceDbContext>());
        }

        // A context returned twice would serve both of these open scopes.
        await using var second = ScopeOf(Guid.NewGuid());
        await using var third = ScopeOf(Guid.NewGuid());

        var secondDb = second.ServiceProvider.GetRequiredService<ActionsDbContext>();
        var thirdDb = third.ServiceProvider.GetRequiredService<ActionsDbContext>();

        Assert.NotSame(secondDb, thirdDb);
        Assert.Equal(0, await secondDb.People.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await thirdDb.People.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task What_waits_for_a_transaction_learns_once_whether_it_committed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var ends = new List<string>();
        await using var scope = ScopeOf(Guid.NewGuid());
        var db = scope.ServiceProvider.GetRequiredService<ActionsDbContext>();

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.WhenTransactionEnds(committed => ends.Add($"first: {committed}"));
            await transaction.CommitAsync(cancellationToken);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.WhenTransactionEnds(committed => ends.Add($"second: {committed}"));
            await transaction.RollbackAsync(cancellationToken);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await transaction.CommitAsync(cancellationToken);
        }

        Assert.Equal(["first: True", "second: False"], ends);
    }

    [Fact]
    public async Task An_action_that_fails_keeps_neither_the_others_from_running_nor_the_commit_from_succeeding()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var ends = new List<bool>();
        await using var scope = ScopeOf(Guid.NewGuid());
        var db = scope.ServiceProvider.GetRequiredService<ActionsDbContext>();
        Assert.Throws<InvalidOperationException>(() => db.WhenTransactionEnds(ends.Add));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.WhenTransactionEnds(_ => throw new InvalidOperationException("a broken action"));
        db.WhenTransactionEnds(ends.Add);
        await transaction.CommitAsync(cancellationToken);

        Assert.Equal([true], ends);
    }

    [Fact]
    public async Task A_transaction_left_without_commit_or_rollback_ends_as_not_committed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var ends = new List<string>();

        await using (var scope = ScopeOf(Guid.NewGuid()))
        {
            var db = scope.ServiceProvider.GetRequiredService<ActionsDbContext>();
            // Disposed without either (as when the work in it throws): EF reports no end; the next one's start does.
            await using (await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.WhenTransactionEnds(committed => ends.Add($"left, then another began: {committed}"));
            }

            await using (var next = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                Assert.Equal(["left, then another began: False"], ends);
                await next.CommitAsync(cancellationToken);
            }

            await using (await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.WhenTransactionEnds(committed => ends.Add($"left as the scope ended: {committed}"));
            }
        }

        Assert.Equal(["left, then another began: False", "left as the scope ended: False"], ends);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await infrastructure.Postgres.DropDatabaseAsync(_databaseName, default);
    }

    private AsyncServiceScope ScopeOf(Guid orgId)
    {
        var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(orgId);
        return scope;
    }

    private static OrgPerson Person(Guid orgId, string userId) =>
        new() { OrgId = orgId, UserId = userId, DisplayName = userId, FirstSeenAt = DateTimeOffset.UtcNow };
}
