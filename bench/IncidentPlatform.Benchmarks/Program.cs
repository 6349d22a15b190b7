using IncidentPlatform.Benchmarks;

if (args is [BareYarpProxy.Argument, var listenUrl, var destination])
{
    await BareYarpProxy.RunAsync(listenUrl, destination);
    return 0;
}

if (!BenchmarkOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    return problem == BenchmarkOptions.Usage ? 0 : 2;
}

if (options.Suite == BenchmarkSuite.Reviews)
{
    return await WriteSuiteReportAsync(ReviewsDomainBenchmark.Run(Console.Error), "reviews.md");
}

var speedBefore = MachineSpeedProbe.Measure();
string WithMachineSpeed(string report) => report + MachineSpeedProbe.Paragraph(speedBefore, MachineSpeedProbe.Measure());

using var stop = new StopOnSignal();
try
{
    if (options.Suite is BenchmarkSuite.Knowledge or BenchmarkSuite.Actions)
    {
        var (suiteReport, file) = options.Suite == BenchmarkSuite.Knowledge
            ? (await PlatformBenchmark.RunOnPlatformAsync(options, "the knowledge base", async (platform, progress, cancellationToken) =>
                    await KnowledgeSearchBenchmark.RunAsync(platform, progress, cancellationToken)
                    + await ReviewPublishBenchmark.RunAsync(platform, progress, cancellationToken), Console.Error, stop.Token), "knowledge.md")
            : (await PlatformBenchmark.RunOnPlatformAsync(options, "action items", ActionsBenchmark.RunAsync, Console.Error, stop.Token), "actions.md");
        return await WriteSuiteReportAsync(WithMachineSpeed(suiteReport), file);
    }

    if (options.Suite == BenchmarkSuite.Gateway)
    {
        var gatewayReport = await PlatformBenchmark.RunOnPlatformAsync(options, "the gateway against a bare YARP hop",
            (platform, progress, cancellationToken) => GatewayFloorBenchmark.RunAsync(platform, options.Rate, options.LoadDuration, progress, cancellationToken),
            Console.Error, stop.Token);
        return await WriteSuiteReportAsync(WithMachineSpeed(gatewayReport), "gateway.md");
    }

    if (options.Suite == BenchmarkSuite.Webhooks)
    {
        var port = AppHostProcess.FreePort();
        await using var receiver = new WebhooksBenchmark.Receiver(port);
        await receiver.StartAsync();
        var webhooksReport = await PlatformBenchmark.RunOnPlatformAsync(options, "partner webhooks",
            (platform, progress, cancellationToken) => WebhooksBenchmark.RunAsync(platform, receiver, options.EventRate, options.EventSeconds, options.OutageSeconds, progress, cancellationToken),
            Console.Error, stop.Token, WebhooksBenchmark.PlatformEnvironment(port));
        return await WriteSuiteReportAsync(WithMachineSpeed(webhooksReport), "webhooks.md");
    }

    var results = await PlatformBenchmark.RunAsync(options, Console.Error, stop.Token);
    var report = WithMachineSpeed(ResultsReport.ToMarkdown(results));
    Console.WriteLine(report);
    Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
    await File.WriteAllTextAsync(options.OutputPath, report);
    Console.Error.WriteLine($"Written to {options.OutputPath}");
    return results.ProcessesLeftBehind == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted; the platform the benchmark was running has been stopped.");
    return 130;
}
catch (BenchmarkFailedException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}

/// <summary>Prints a suite's report and writes it to its file in bench/results.</summary>
static async Task<int> WriteSuiteReportAsync(string report, string file)
{
    Console.WriteLine(report);
    var path = Path.Combine(BenchmarkOptions.RepositoryRoot, "bench", "results", file);
    await File.WriteAllTextAsync(path, report);
    Console.Error.WriteLine($"Written to {path}");
    return 0;
}
