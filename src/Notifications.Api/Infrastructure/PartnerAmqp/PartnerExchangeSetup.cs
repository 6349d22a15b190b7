namespace IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;

/// <summary>
/// Sets up the partner virtual host and exchange at start, so a broker that refuses (a user without the administrator
/// tag, a management API that is not there) shows in the log at once rather than at the first event. It does not hold
/// up start-up: a failure is logged and the first publish or credential request tries again.
/// </summary>
internal sealed class PartnerExchangeSetup(PartnerEventsExchange exchange, ILogger<PartnerExchangeSetup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!exchange.IsEnabled)
        {
            logger.LogInformation("Partner AMQP access is off: no management API of the broker is configured.");
            return;
        }

        try
        {
            await exchange.EnsureReadyAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Setting up the partner exchange through {ManagementUrl} failed; partner events are retried, then wait in the error queue of notifications-partner-exchange for a replay.", exchange.ManagementUrl);
        }
    }
}
