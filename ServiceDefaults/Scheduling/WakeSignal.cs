using System.Threading.Channels;

namespace IncidentPlatform.ServiceDefaults.Scheduling;

/// <summary>
/// Wakes a background worker right after a commit that gave it work, so the work starts in milliseconds rather than
/// at the next poll. The poll stays as the safety net (other replicas, missed signals). Signals while the worker is
/// busy collapse into one.
/// </summary>
public class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when notified, or when <paramref name="timeout"/> (the poll interval) has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed.
        }
    }
}
