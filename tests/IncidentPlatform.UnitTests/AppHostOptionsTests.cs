using System.Net;
using System.Net.Sockets;
using IncidentPlatform.AppHost.Hosting;

namespace IncidentPlatform.UnitTests;

public sealed class AppHostOptionsTests
{
    [Fact]
    public void Options_are_read_from_the_command_line()
    {
        var options = PlatformOptions.Parse(["--fresh", "--gateway-port", "6080", "--state-dir", "/tmp/x", "--no-seed", "--services-dir", "/tmp/services"]);

        Assert.True(options.Fresh);
        Assert.Equal(6080, options.GatewayPort);
        Assert.Equal("/tmp/x", options.StateDirectory);
        Assert.False(options.SeedDemoData);
        Assert.Equal("/tmp/services", options.ServicesDirectory);
        Assert.Null(PlatformOptions.Parse([]).ServicesDirectory);
    }

    [Fact]
    public void A_log_file_is_read_as_a_full_path()
    {
        Assert.Equal(Path.GetFullPath("apphost.log"), PlatformOptions.Parse(["--log-file", "apphost.log"]).LogFile);
        Assert.Null(PlatformOptions.Parse([]).LogFile);
    }

    [Fact]
    public void The_log_file_gets_every_line_even_those_the_quiet_console_hides()
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"incident-platform-test-{Guid.NewGuid():N}.log");
        try
        {
            using (var log = new ConsoleLog(echoResourceLogs: false, logFile))
            {
                log.Info("Starting the platform");
                log.Resource("reviews-api", "info: Application started.");
                log.Raw("Gateway: http://127.0.0.1:5080");
            }

            Assert.Equal(
                ["[apphost] Starting the platform", "[reviews-api] info: Application started.", "Gateway: http://127.0.0.1:5080"],
                File.ReadAllLines(logFile));
        }
        finally
        {
            File.Delete(logFile);
        }
    }

    [Fact]
    public void Lines_after_the_log_file_is_closed_go_to_the_console_only()
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"incident-platform-test-{Guid.NewGuid():N}.log");
        try
        {
            var log = new ConsoleLog(echoResourceLogs: false, logFile);
            log.Info("Stopped.");
            log.Dispose();

            log.Resource("notifications-api", "info: Application is shutting down...");

            Assert.Equal(["[apphost] Stopped."], File.ReadAllLines(logFile));
        }
        finally
        {
            File.Delete(logFile);
        }
    }

    [Fact]
    public async Task A_service_missing_from_the_services_directory_is_a_one_line_error_naming_the_script()
    {
        var servicesDirectory = Path.Combine(Path.GetTempPath(), $"incident-platform-test-services-{Guid.NewGuid():N}");
        var reviews = new ProjectResource("reviews-api", "Reviews.Api");
        var context = new PlatformContext(new PlatformOptions { StateDirectory = Path.GetTempPath(), ServicesDirectory = servicesDirectory }, new ConsoleLog(false));

        var error = await Assert.ThrowsAsync<PlatformStartException>(() => reviews.StartAsync(context, default));

        Assert.Contains(Path.Combine(servicesDirectory, "Reviews.Api", "Reviews.Api.dll"), error.Message);
        Assert.Contains("scripts/publish-services.sh", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_unknown_option_is_a_one_line_error_listing_the_valid_ones()
    {
        var error = Assert.Throws<PlatformStartException>(() => PlatformOptions.Parse(["--frsh"]));

        Assert.Contains("--fresh", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_busy_port_is_a_one_line_error_naming_the_fix()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var gateway = new ProjectResource("gateway", "Gateway") { FixedPort = port, FixedPortOption = "--gateway-port" };
        var context = new PlatformContext(new PlatformOptions { StateDirectory = Path.GetTempPath() }, new ConsoleLog(false));

        var error = await Assert.ThrowsAsync<PlatformStartException>(() => gateway.StartAsync(context, default));

        Assert.Contains($"Port {port}", error.Message);
        Assert.Contains("--gateway-port", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Free_ports_come_from_below_the_ephemeral_range_so_outgoing_connections_never_take_them()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);

        var ports = Enumerable.Range(0, 20).Select(_ => Ports.GetFree()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 10000, ephemeralStart - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
