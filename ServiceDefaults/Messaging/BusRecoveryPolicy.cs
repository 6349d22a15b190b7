namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>What the watchdog saw at one check: whether the broker answers, and what is wrong on our side of it.</summary>
public sealed record MessagingObservation(DateTimeOffset At, bool BrokerReachable, IReadOnlyList<string> Problems);

public enum MessagingCondition
{
    Healthy,

    /// <summary>The broker does not answer: events wait in the outbox and MassTransit reconnects once it is back.</summary>
    BrokerUnreachable,

    /// <summary>The broker answers but a consumer or the relay has not come back yet.</summary>
    Recovering,

    /// <summary>Restarting the bus did not help either; only a new process will (the liveness probe fails).</summary>
    Failed,
}

public sealed record MessagingVerdict(MessagingCondition Condition, bool RestartBus, string Description);

/// <summary>
/// Decides when to restart the bus. MassTransit reconnects by itself after a broker outage, but not always
/// (a delivery cut off mid-consume can leave an endpoint faulted for good, MassTransit issues 2072 and 5942),
/// and then the service would silently stop consuming. A problem that outlasts <paramref name="recoverAfter"/>
/// while the broker answers gets the bus restarted; after <paramref name="maxRestarts"/> restarts in a row
/// that did not clear it, the service reports itself failed so its orchestrator replaces it.
/// </summary>
public sealed class BusRecoveryPolicy(TimeSpan recoverAfter, int maxRestarts)
{
    private DateTimeOffset? _troubledSince;
    private DateTimeOffset? _lastRestartAt;
    private int _restartsInRow;

    public MessagingVerdict Observe(MessagingObservation observation)
    {
        if (!observation.BrokerReachable)
        {
            // Nothing of ours to fix; the clock starts again once the broker is back.
            (_troubledSince, _lastRestartAt, _restartsInRow) = (null, null, 0);
            return new(MessagingCondition.BrokerUnreachable, false, "RabbitMQ does not answer; events wait in the outbox until it is back.");
        }

        if (observation.Problems.Count == 0)
        {
            (_troubledSince, _lastRestartAt, _restartsInRow) = (null, null, 0);
            return new(MessagingCondition.Healthy, false, "Connected; every queue has its consumer.");
        }

        _troubledSince ??= observation.At;
        var waitingSince = _lastRestartAt is { } restarted && restarted > _troubledSince ? restarted : _troubledSince.Value;
        var problems = string.Join("; ", observation.Problems);
        if (observation.At - waitingSince < recoverAfter)
        {
            return new(MessagingCondition.Recovering, false, $"Since {_troubledSince:O}: {problems}");
        }

        _lastRestartAt = observation.At;
        if (_restartsInRow >= maxRestarts)
        {
            // Keep trying, at the same pace, while the orchestrator decides.
            return new(MessagingCondition.Failed, true, $"Not recovered after {_restartsInRow} bus restarts: {problems}");
        }

        _restartsInRow++;
        return new(MessagingCondition.Recovering, true, $"Restarting the bus ({_restartsInRow} of {maxRestarts}); since {_troubledSince:O}: {problems}");
    }
}
