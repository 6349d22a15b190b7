using IncidentPlatform.Benchmarks;

if (!BenchmarkOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    return problem == BenchmarkOptions.Usage ? 0 : 2;
}

if (options.Suite == BenchmarkSuite.Reviews)
{
    var reviewsReport = ReviewsDomainBenchmark.Run(Console.Error);
    Console.WriteLine(reviewsReport);
    var reviewsPath = Path.Combine(BenchmarkOptions.RepositoryRoot, "bench", "results", "reviews.md");
    await File.WriteAllTextAsync(reviewsPath, reviewsReport);
    Console.Error.WriteLine($"Written to {reviewsPath}");
    return 0;
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
        suiteReport = WithMachineSpeed(suiteReport);
        Console.WriteLine(suiteReport);
        var suitePath = Path.Combine(BenchmarkOptions.RepositoryRoot, "bench", "results", file);
        await File.WriteAllTextAsync(suitePath, suiteReport);
        Console.Error.WriteLine($"Written to {suitePath}");
        return 0;
    }

    if (options.Suite == BenchmarkSuite.Webhooks)
    {
        var port = AppHostProcess.FreePort();
        await using var receiver = new WebhooksBenchmark.Receiver(port);
        await receiver.StartAsync();
        var webhooksReport = await PlatformBenchmark.RunOnPlatformAsync(options, "partner webhooks",
            (platform, progress, cancellationToken) => WebhooksBenchmark.RunAsync(platform, receiver, options.EventRate, options.EventSeconds, options.OutageSeconds, progress, cancellationToken),
            Console.Error, stop.Token, WebhooksBenchmark.PlatformEnvironment(port));
        webhooksReport = WithMachineSpeed(webhooksReport);
        Console.WriteLine(webhooksReport);
        var webhooksPath = Path.Combine(BenchmarkOptions.RepositoryRoot, "bench", "results", "webhooks.md");
        await File.WriteAllTextAsync(webhooksPath, webhooksReport);
        Console.Error.WriteLine($"Written to {webhooksPath}");
        return 0;
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
