using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// YARP and nothing else, in a process of its own: one catch-all route to one address, no authentication, telemetry,
/// transforms or middleware. The gateway suite measures it beside the gateway, so that the gateway's overhead can be
/// told apart from what any YARP hop costs on this machine. It is this benchmark's own executable, started with
/// <c>--bare-yarp-proxy &lt;listen-url&gt; &lt;destination-url&gt;</c>, with the gateway's runtime settings (server GC; the
/// rest come from Directory.Build.props for every project).
/// </summary>
public sealed class BareYarpProxy : IAsyncDisposable
{
    public const string Argument = "--bare-yarp-proxy";

    private readonly Process _process;

    private BareYarpProxy(Process process, Uri address) => (_process, Address) = (process, address);

    public Uri Address { get; }

    /// <summary>The proxy itself (this process's whole life when started with <see cref="Argument"/>).</summary>
    public static async Task RunAsync(string listenUrl, string destination)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(listenUrl);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "destination", Match = new RouteMatch { Path = "/{**catch-all}" } }],
            [new ClusterConfig
            {
                ClusterId = "destination",
                Destinations = new Dictionary<string, DestinationConfig> { ["destination"] = new() { Address = destination } },
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
    }

    /// <summary>Starts a proxy to <paramref name="destination"/> and returns once it answers (a request it forwards).</summary>
    public static async Task<BareYarpProxy> StartAsync(Uri destination, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{AppHostProcess.FreePort()}/");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(BareYarpProxy).Assembly.Location, Argument, address.ToString(), destination.ToString() },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_gcServer"] = "1" },
        };
        var process = Process.Start(startInfo) ?? throw new BenchmarkFailedException("Could not start the bare YARP proxy.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new BareYarpProxy(process, address);
        try
        {
            await proxy.WaitUntilForwardingAsync(cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Signals.SendAsync(_process.Id, Signals.Terminate);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilForwardingAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (true)
        {
            try
            {
                // The service's liveness endpoint, through the proxy.
                using var response = await client.GetAsync("alive", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (_process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchmarkFailedException("The bare YARP proxy did not start forwarding within a minute.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
