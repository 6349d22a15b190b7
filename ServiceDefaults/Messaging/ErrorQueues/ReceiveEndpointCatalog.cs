using System.Collections.Concurrent;
using MassTransit;

namespace IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

/// <summary>
/// The queues this service consumes from, as MassTransit reports them once each endpoint is ready.
/// Their <c>_error</c> companions are the only error queues this service's operators may touch.
/// </summary>
public sealed class ReceiveEndpointCatalog : IReceiveEndpointObserver
{
    private const string ErrorQueueSuffix = "_error";
    private readonly ConcurrentDictionary<string, byte> _queues = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Queues => [.. _queues.Keys.Order(StringComparer.Ordinal)];

    public static string ErrorQueueOf(string queue) => queue + ErrorQueueSuffix;

    /// <summary>The queue of a receive endpoint's input address (its last segment, after any virtual host).</summary>
    public static string QueueOf(Uri inputAddress) => inputAddress.Segments[^1];

    /// <summary>The consumer queue an error queue belongs to, if it belongs to this service.</summary>
    public string? QueueOfErrorQueue(string errorQueue) =>
        errorQueue.EndsWith(ErrorQueueSuffix, StringComparison.Ordinal)
        && _queues.ContainsKey(errorQueue[..^ErrorQueueSuffix.Length])
            ? errorQueue[..^ErrorQueueSuffix.Length]
            : null;

    public Task Ready(ReceiveEndpointReady ready)
    {
        // The bus's own reply endpoint is temporary (auto-deleted) and never has an error queue worth keeping.
        if (!ready.InputAddress.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase)
            && !ready.InputAddress.Query.Contains("autodelete", StringComparison.OrdinalIgnoreCase))
        {
            _queues.TryAdd(QueueOf(ready.InputAddress), 0);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
