using System.Diagnostics.Metrics;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.ServiceDefaults.Messaging;

public sealed class MessagingWatchdogOptions
{
    /// <summary>How often the broker, the consumers and the relay are checked.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a problem may last, with the broker answering, before the bus is restarted.</summary>
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Restarts in a row that may fail to clear a problem before the service reports itself failed.</summary>
    public int MaxRestarts { get; set; } = 3;
}

/// <summary>
/// Checks, every few seconds, that the broker answers, that each of this service's queues has a consumer,
/// that MassTransit reports every receive endpoint healthy and that the outbox relay publishes, and restarts
/// the bus when something stays broken while the broker is fine (<see cref="BusRecoveryPolicy"/>).
/// Its verdict is the <c>messaging</c> health check.
/// </summary>
public sealed class MessagingWatchdog(
    IBusControl bus,
    ReceiveEndpointCatalog endpoints,
    OutboxRelayStatus relay,
    RabbitMqAddress address,
    IOptions<MessagingWatchdogOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<MessagingWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly Counter<long> BusRestarts = PlatformTelemetry.Meter.CreateCounter<long>(
        "incident_platform.messaging.bus_restarts", description: "Bus restarts by the messaging watchdog after a consumer or the relay did not recover by itself.");

    private readonly BusRecoveryPolicy _policy = new(options.Value.RecoverAfter, options.Value.MaxRestarts);
    private readonly BrokerConnection _broker = new(address, $"{environment.ApplicationName}-watchdog");
    private volatile MessagingVerdict _verdict = new(MessagingCondition.Healthy, false, "Not checked yet.");
    private int _restarts;

    public MessagingVerdict Verdict => _verdict;

    /// <summary>How many times this process restarted its bus.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var broker = _broker;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var verdict = _policy.Observe(await ObserveAsync(stoppingToken));
                if (verdict.Condition != _verdict.Condition)
                {
                    logger.Log(verdict.Condition == MessagingCondition.Healthy ? LogLevel.Information : LogLevel.Warning,
                        "Messaging is {Condition}: {Description}", verdict.Condition, verdict.Description);
                }

                _verdict = verdict;
                if (verdict.RestartBus)
                {
                    await RestartBusAsync(verdict, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<MessagingObservation> ObserveAsync(CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ProbeTimeout);
        var problems = new List<string>();
        try
        {
            foreach (var queue in endpoints.Queues)
            {
                var state = await _broker.InspectQueueAsync(queue, timeout.Token);
                if (state is null)
                {
                    problems.Add($"queue {queue} is missing");
                }
                else if (state.ConsumerCount == 0)
                {
                    problems.Add($"queue {queue} has no consumer ({state.MessageCount} waiting)");
                }
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "The broker did not answer the watchdog");
            return new MessagingObservation(now, BrokerReachable: false, []);
        }

        foreach (var (name, endpoint) in bus.CheckHealth().Endpoints)
        {
            if (endpoint.Status != BusHealthStatus.Healthy)
            {
                problems.Add($"endpoint {name} is {endpoint.Status} ({endpoint.Description})");
            }
        }

        if (relay.Failure is { } failure)
        {
            problems.Add($"the outbox relay has failed to publish since {failure.Since:O} ({failure.Error})");
        }

        return new MessagingObservation(now, BrokerReachable: true, problems);
    }

    private async Task RestartBusAsync(MessagingVerdict verdict, CancellationToken stoppingToken)
    {
        logger.LogWarning("Restarting the bus: {Description}", verdict.Description);
        Interlocked.Increment(ref _restarts);
        BusRestarts.Add(1, new KeyValuePair<string, object?>("service", environment.ApplicationName));
        try
        {
            using (var stopTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                stopTimeout.CancelAfter(TimeSpan.FromSeconds(30));
                await bus.StopAsync(stopTimeout.Token);
            }

            using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            startTimeout.CancelAfter(TimeSpan.FromSeconds(60));
            await bus.StartAsync(startTimeout.Token);
            logger.LogInformation("The bus restarted");
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Restarting the bus failed; the watchdog tries again");
        }
    }
}

/// <summary>The watchdog's verdict: healthy, degraded while the broker is down or a consumer is recovering, unhealthy when it gave up.</summary>
internal sealed class MessagingHealthCheck(MessagingWatchdog watchdog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var verdict = watchdog.Verdict;
        return Task.FromResult(verdict.Condition switch
        {
            MessagingCondition.Healthy => HealthCheckResult.Healthy(verdict.Description),
            MessagingCondition.Failed => HealthCheckResult.Unhealthy(verdict.Description),
            _ => HealthCheckResult.Degraded(verdict.Description),
        });
    }
}
