using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>A scope's context from the pool, rented on first use and returned, once, when the scope ends.</summary>
internal sealed class PooledServiceDbContextLease<TContext>(IDbContextFactory<TContext> pool, OrgContext orgContext, TimeProvider clock)
    : IAsyncDisposable, IDisposable where TContext : ServiceDbContext
{
    private TContext? _context;

    public TContext Context => _context ??= Rent();

    public async ValueTask DisposeAsync()
    {
        if (_context is { } context)
        {
            _context = null;
            await context.ReturnToPoolAsync();
        }
    }

    public void Dispose()
    {
        if (_context is { } context)
        {
            _context = null;
            context.ReturnToPool();
        }
    }

    private TContext Rent()
    {
        var context = pool.CreateDbContext();
        context.BindToLease(orgContext, clock);
        return context;
    }
}
