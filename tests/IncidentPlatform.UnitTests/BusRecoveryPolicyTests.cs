using IncidentPlatform.ServiceDefaults.Messaging;

namespace IncidentPlatform.UnitTests;

public sealed class BusRecoveryPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly BusRecoveryPolicy _policy = new(recoverAfter: TimeSpan.FromSeconds(60), maxRestarts: 2);

    private MessagingVerdict At(int seconds, bool brokerReachable = true, params string[] problems) =>
        _policy.Observe(new MessagingObservation(Start.AddSeconds(seconds), brokerReachable, problems));

    [Fact]
    public void A_connected_bus_with_every_consumer_is_healthy()
    {
        var verdict = At(0);

        Assert.Equal(MessagingCondition.Healthy, verdict.Condition);
        Assert.False(verdict.RestartBus);
    }

    [Fact]
    public void A_broker_outage_is_never_a_reason_to_restart_the_bus_however_long_it_lasts()
    {
        for (var seconds = 0; seconds <= 600; seconds += 10)
        {
            var verdict = At(seconds, brokerReachable: false);
            Assert.Equal(MessagingCondition.BrokerUnreachable, verdict.Condition);
            Assert.False(verdict.RestartBus);
        }
    }

    [Fact]
    public void A_consumer_that_reconnects_by_itself_within_the_grace_period_is_left_alone()
    {
        Assert.Equal(MessagingCondition.Recovering, At(0, problems: "queue reviews-incident-resolved has no consumer (3 waiting)").Condition);
        Assert.False(At(50, problems: "queue reviews-incident-resolved has no consumer (3 waiting)").RestartBus);

        Assert.Equal(MessagingCondition.Healthy, At(55).Condition);
        Assert.False(At(120, problems: "queue reviews-incident-resolved has no consumer (0 waiting)").RestartBus);
    }

    [Fact]
    public void A_consumer_missing_past_the_grace_period_while_the_broker_answers_gets_the_bus_restarted_once_per_period()
    {
        At(0, problems: "queue x has no consumer (1 waiting)");

        var restart = At(60, problems: "queue x has no consumer (1 waiting)");
        Assert.True(restart.RestartBus);
        Assert.Equal(MessagingCondition.Recovering, restart.Condition);
        Assert.Contains("queue x has no consumer", restart.Description);

        // The restart gets its own grace period before the next one.
        Assert.False(At(70, problems: "queue x has no consumer (1 waiting)").RestartBus);
        Assert.True(At(120, problems: "queue x has no consumer (1 waiting)").RestartBus);
    }

    [Fact]
    public void The_grace_period_starts_again_when_the_broker_goes_down_in_between()
    {
        At(0, problems: "the outbox relay has failed to publish");
        At(30, brokerReachable: false);

        Assert.False(At(70, problems: "the outbox relay has failed to publish").RestartBus);
        Assert.True(At(130, problems: "the outbox relay has failed to publish").RestartBus);
    }

    [Fact]
    public void After_its_restarts_fail_to_help_the_service_reports_itself_failed_and_keeps_trying()
    {
        At(0, problems: "endpoint x is Unhealthy (faulted)");
        Assert.True(At(60, problems: "endpoint x is Unhealthy (faulted)").RestartBus);
        Assert.True(At(120, problems: "endpoint x is Unhealthy (faulted)").RestartBus);

        Assert.Equal(MessagingCondition.Recovering, At(150, problems: "endpoint x is Unhealthy (faulted)").Condition);
        var failed = At(180, problems: "endpoint x is Unhealthy (faulted)");
        Assert.Equal(MessagingCondition.Failed, failed.Condition);
        Assert.True(failed.RestartBus);
        Assert.Contains("2 bus restarts", failed.Description);

        Assert.Equal(MessagingCondition.Healthy, At(200).Condition);
        At(210, problems: "endpoint x is Unhealthy (faulted)");
        var afresh = At(270, problems: "endpoint x is Unhealthy (faulted)");
        Assert.Equal(MessagingCondition.Recovering, afresh.Condition);
        Assert.True(afresh.RestartBus);
    }
}
