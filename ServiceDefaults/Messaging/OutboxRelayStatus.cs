namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>Whether the outbox relay is currently failing to publish, and since when; read by the messaging watchdog.</summary>
public sealed class OutboxRelayStatus
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _failingSince;
    private string? _lastError;

    public (DateTimeOffset Since, string Error)? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failingSince is { } since ? (since, _lastError ?? "") : null;
            }
        }
    }

    public void RecordFailure(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            _failingSince ??= at;
            _lastError = error;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            (_failingSince, _lastError) = (null, null);
        }
    }
}
