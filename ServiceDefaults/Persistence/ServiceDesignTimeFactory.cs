using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a service's model without starting the service, with the same
/// conventions the running service uses. Each service derives one (EF looks for it in the service's assembly).
/// </summary>
public abstract class ServiceDesignTimeFactory<TContext>(Func<DbContextOptions<TContext>, TContext> create)
    : IDesignTimeDbContextFactory<TContext> where TContext : ServiceDbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>();
        options.UsePlatformConventions("Host=design-time");
        return create(options.Options);
    }
}
