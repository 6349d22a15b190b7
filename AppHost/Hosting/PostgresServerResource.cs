using System.Diagnostics;
using Npgsql;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// PostgreSQL for the platform: a private server from the installed binaries (its own data directory and
/// port, initialised on first run and kept between runs), or an existing server when
/// <c>ConnectionStrings__postgres</c> is configured.
/// </summary>
public sealed class PostgresServerResource(string name, string? externalConnectionString) : PlatformResource(name), IResourceWithConnectionString
{
    private const string SuperUser = "platform";
    private ChildProcess? _process;
    private string? _connectionString;
    private string? _dataDirectory;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException($"{Name} has not started.");

    public bool IsExternal => externalConnectionString is not null;

    public override async Task StartAsync(PlatformContext context, CancellationToken cancellationToken)
    {
        if (externalConnectionString is not null)
        {
            _connectionString = externalConnectionString;
            await WaitUntilAcceptingAsync(null, cancellationToken);
            return;
        }

        var bin = LocalBinaries.PostgresBinDirectory();
        var home = context.StateDirectoryFor(Name);
        _dataDirectory = Path.Combine(home, "data");
        var socketDirectory = Path.Combine(home, "run");
        var passwordFile = Path.Combine(home, "password");
        var pidFile = Path.Combine(home, "apphost.pid");
        Directory.CreateDirectory(socketDirectory);

        await ChildProcess.StopLeftoverAsync(pidFile, ChildProcess.SigInt, context.Log, Name);
        var password = await StateSecrets.ReadOrCreateAsync(passwordFile);
        if (!File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(bin, home, passwordFile, context, cancellationToken);
        }
        else
        {
            await GiveToPostgresUserAsync(home, cancellationToken);
        }

        var port = Ports.GetFree();
        List<string> arguments =
        [
            "-D", _dataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", socketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=400", "-c", "log_min_messages=warning",
            // PostgreSQL's default (128 MB) is sized to start anywhere; four databases with an org of 100,000 reviews or
            // 1,000,000 action items read their hot pages through the OS cache with it. A small production server's share.
            "-c", "shared_buffers=512MB",
        ];
        if (context.Options.Ephemeral)
        {
            // Throw-away test data: trade durability for speed.
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        var (fileName, prefix) = LocalBinaries.AsPostgresUser(Path.Combine(bin, "postgres"));
        _process = ChildProcess.Start(Name, fileName, [.. prefix, .. arguments], [], home, context.Log, pidFile);
        _connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;
        await WaitUntilAcceptingAsync(_process, cancellationToken);
    }

    /// <summary>Creates the database if it does not exist yet (idempotent: a restart keeps its data).</summary>
    public async Task EnsureDatabaseAsync(string databaseName, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = databaseName } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Created concurrently: fine.
            }
        }
    }

    public async Task DropDatabaseAsync(string databaseName, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    public string ConnectionStringFor(string databaseName) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = databaseName }.ConnectionString;

    public override async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null)
        {
            // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
            await _process.StopAsync(ChildProcess.SigInt, TimeSpan.FromSeconds(20));
            _process = null;
        }
    }

    public override string Describe() => IsExternal
        ? $"{Host()} (existing server)"
        : $"{Host()} (private, data in {_dataDirectory})";

    private string Host()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgres://{builder.Host}:{builder.Port}";
    }

    private async Task InitializeAsync(string bin, string home, string passwordFile, PlatformContext context, CancellationToken cancellationToken)
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        await GiveToPostgresUserAsync(home, cancellationToken);
        var (fileName, prefix) = LocalBinaries.AsPostgresUser(Path.Combine(bin, "initdb"));
        await RunToCompletionAsync(fileName,
            [.. prefix, "-D", _dataDirectory!, "-U", SuperUser, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=peer",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            home, "initdb", cancellationToken);
        context.Log.Info($"Initialised a private PostgreSQL cluster in {_dataDirectory}.");
    }

    private static async Task GiveToPostgresUserAsync(string home, CancellationToken cancellationToken)
    {
        if (Environment.IsPrivilegedProcess)
        {
            await RunToCompletionAsync("chown", ["-R", "postgres:postgres", home], home, "chown", cancellationToken);
        }
    }

    private async Task WaitUntilAcceptingAsync(ChildProcess? process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw new PlatformStartException($"PostgreSQL exited while starting. Its last lines:{Environment.NewLine}{process.RecentOutput}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                throw new PlatformStartException(
                    $"PostgreSQL at {Host()} does not accept connections ({exception.Message}). " +
                    (IsExternal ? "Check ConnectionStrings__postgres." : "See the [postgres] lines above."), exception);
            }
        }
    }


    internal static async Task RunToCompletionAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, string what, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new PlatformStartException($"Could not run {what}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new PlatformStartException($"{what} failed (exit {process.ExitCode}): {(await error).Trim()} {(await output).Trim()}");
        }
    }
}
