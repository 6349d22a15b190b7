using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Scheduling;

/// <summary>
/// A background worker that does its due work one unit at a time until none is left, then waits until its signal wakes
/// it (a commit that gave it work) or its poll interval passes (retries, work of other replicas). A failed round is
/// logged and tried again at the next wake; the work itself stays in the database.
/// </summary>
public abstract partial class SignaledWorker(WakeSignal signal, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Does the next due unit of work, if any; false when none is due.</summary>
    public abstract Task<bool> DoNextAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DoNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(GetType().Name, exception);
            }

            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Error, "{Worker} failed; the next round retries.")]
    private partial void LogRoundFailed(string worker, Exception exception);
}
