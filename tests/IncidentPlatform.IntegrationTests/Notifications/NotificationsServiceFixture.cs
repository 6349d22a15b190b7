using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace IncidentPlatform.IntegrationTests.Notifications;

public sealed class NotificationsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb);

/// <summary>
/// Notifications with a partner's webhook receiver started first (the only private address its SSRF guard lets through),
/// on a clock the tests move to reach each retry.
/// </summary>
public class WebhooksServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb)
{
    public const int TimeoutSeconds = 2;

    public ManualClock Clock { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>What the service logged, at the levels it is configured to log.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    protected override async Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Clock);
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowedPrivateDestinations:0"] = $"127.0.0.1:{Receiver.Port}",
            ["Webhooks:Timeout"] = $"00:00:0{TimeoutSeconds}",
            ["Webhooks:PollInterval"] = "00:00:00.2",
        };
        foreach (var (key, value) in WebhookSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Webhook settings of a variant of this fixture, applied over the ones above.</summary>
    protected virtual IReadOnlyDictionary<string, string> WebhookSettings => new Dictionary<string, string>();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddFakeLogging();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// A dispatcher with three attempt slots, at most two per endpoint, and attempts that may wait two minutes: enough for
/// an endpoint that hangs to hold its share for the whole of a test.
/// </summary>
public sealed class CrowdedWebhooksServiceFixture(TestInfrastructure infrastructure) : WebhooksServiceFixture(infrastructure)
{
    public const int PerEndpoint = 2;

    protected override IReadOnlyDictionary<string, string> WebhookSettings => new Dictionary<string, string>
    {
        ["Webhooks:MaxConcurrentAttempts"] = "3",
        ["Webhooks:MaxConcurrentAttemptsPerEndpoint"] = $"{PerEndpoint}",
        ["Webhooks:Timeout"] = "00:02:00",
    };
}

/// <summary>
/// A dispatcher that sends one attempt at a time, on a database that notes how each delivery was written (taken over by the
/// dispatcher, so leased, or not) and where writing an org's deliveries can be made to fail: a sending slot that a
/// failed write kept would leave every delivery after it to the claim, and the claim would find no slot either. Room
/// in hand for more than one, so that a finished attempt waiting to be recorded takes no slot from the next. No claim
/// runs unless woken: a take-over steps aside while a claim counts shares, so the claim of every 0.2 s would now and
/// then take a fresh delivery itself and the tests could not say how each was written.
/// </summary>
public sealed class OneSlotWebhooksServiceFixture(TestInfrastructure infrastructure) : WebhooksServiceFixture(infrastructure)
{
    protected override IReadOnlyDictionary<string, string> WebhookSettings => new Dictionary<string, string>
    {
        ["Webhooks:MaxConcurrentAttempts"] = "1",
        ["Webhooks:MaxAttemptsInHand"] = "8",
        ["Webhooks:PollInterval"] = "01:00:00",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The count of failures left lives in a sequence: it is not rolled back with the transaction that failed.
        await ExecuteAsync("""
            CREATE SEQUENCE test_delivery_write_fault_count;
            CREATE TABLE test_delivery_write_faults (org_id uuid PRIMARY KEY, fail_through bigint NOT NULL);
            CREATE TABLE test_delivery_writes (delivery_id uuid PRIMARY KEY, org_id uuid NOT NULL, leased boolean NOT NULL);
            CREATE FUNCTION test_fail_delivery_write() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE through bigint;
            BEGIN
                SELECT fail_through INTO through FROM test_delivery_write_faults WHERE org_id = NEW.org_id;
                IF through IS NOT NULL AND nextval('test_delivery_write_fault_count') <= through THEN
                    RAISE EXCEPTION 'injected failure writing a delivery of org %', NEW.org_id;
                END IF;
                INSERT INTO test_delivery_writes VALUES (NEW.id, NEW.org_id, NEW.leased_until IS NOT NULL);
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_fail_delivery_write BEFORE INSERT ON webhook_deliveries
                FOR EACH ROW EXECUTE FUNCTION test_fail_delivery_write();
            """);
    }

    /// <summary>The next <paramref name="times"/> writes of <paramref name="orgId"/>'s deliveries fail.</summary>
    public Task FailDeliveryWritesAsync(Guid orgId, int times) => ExecuteAsync($"""
        INSERT INTO test_delivery_write_faults VALUES ('{orgId}', nextval('test_delivery_write_fault_count') + {times})
        """);

    /// <summary>How many of the failures armed for <paramref name="orgId"/> have not happened yet.</summary>
    public Task<long> DeliveryWriteFailuresLeftAsync(Guid orgId) => QueryAsync(orgId, db => db.Database.SqlQuery<long>($"""
        SELECT greatest(0, f.fail_through - s.last_value) AS "Value"
        FROM test_delivery_write_faults f, test_delivery_write_fault_count s WHERE f.org_id = {orgId}
        """).SingleAsync());

    /// <summary>For each of <paramref name="orgId"/>'s committed deliveries, whether it was written leased (taken over).</summary>
    public Task<List<bool>> DeliveryWritesLeasedAsync(Guid orgId) => QueryAsync(orgId, db => db.Database.SqlQuery<bool>($"""
        SELECT leased AS "Value" FROM test_delivery_writes WHERE org_id = {orgId} ORDER BY delivery_id
        """).ToListAsync());

    // In a scope of some org, as every use of the service's context is; the statements read no org's rows.
    private Task ExecuteAsync(string sql) => QueryAsync(Guid.NewGuid(), db => db.Database.ExecuteSqlRawAsync(sql));
}
