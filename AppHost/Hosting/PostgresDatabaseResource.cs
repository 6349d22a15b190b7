namespace IncidentPlatform.AppHost.Hosting;

/// <summary>One service's database on the platform's PostgreSQL server.</summary>
public sealed class PostgresDatabaseResource : PlatformResource, IResourceWithConnectionString
{
    public PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
        : base(name)
    {
        DatabaseName = databaseName;
        Server = server;
        AddDependency(server);
    }

    public string DatabaseName { get; }

    public PostgresServerResource Server { get; }

    public string ConnectionString => Server.ConnectionStringFor(DatabaseName);

    public override Task StartAsync(PlatformContext context, CancellationToken cancellationToken) =>
        Server.EnsureDatabaseAsync(DatabaseName, cancellationToken);

    public override Task StopAsync() => Task.CompletedTask;

    public override string Describe() => $"database {DatabaseName} on {Server.Name}";
}
