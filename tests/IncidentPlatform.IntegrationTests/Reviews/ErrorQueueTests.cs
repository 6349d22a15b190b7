using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>
/// A message that keeps failing lands in the consumer's error queue; an operator reads it with its fault,
/// fixes the cause, replays it, and it is processed exactly once. Only the platform's operators see these queues.
/// </summary>
public sealed class ErrorQueueTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    private const string ErrorQueue = "reviews-incident-resolved_error";

    [Fact]
    public async Task A_message_that_keeps_failing_waits_in_the_error_queue_and_is_processed_once_when_replayed()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var operations = service.CreateOperatorClient();
        var incident = ReviewsTests.Resolved(caller, Severity.Sev2);
        var messageId = Guid.NewGuid();
        service.Crash.ArmFor(incident.IncidentId, times: int.MaxValue);

        await service.PublishAsync(incident, messageId);

        var failed = await FaultedMessageAsync(operations, messageId);
        Assert.Equal(caller.OrgId, failed.GetProperty("orgId").GetGuid());
        Assert.Contains("urn:message:IncidentPlatform.Contracts:IncidentResolved", failed.GetProperty("messageTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("Simulated crash", failed.GetProperty("exceptionMessage").GetString());
        Assert.Equal(incident.IncidentId, failed.GetProperty("message").GetProperty("incidentId").GetGuid());
        var queues = await operations.GetFromJsonAsync<JsonElement>("/operations/error-queues");
        var queue = queues.EnumerateArray().Single(q => q.GetProperty("queue").GetString() == ErrorQueue);
        Assert.Equal("reviews-incident-resolved", queue.GetProperty("consumerQueue").GetString());
        Assert.True(queue.GetProperty("messageCount").GetInt32() >= 1);
        Assert.Equal(0, await ReviewCountAsync(caller, incident.IncidentId));
        // Reading does not consume: the message is still there.
        await FaultedMessageAsync(operations, messageId);

        service.Crash.Disarm(incident.IncidentId);
        var replay = await operations.PostAsJsonAsync($"/operations/error-queues/{ErrorQueue}/replay", new { messageIds = new[] { messageId } });

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await ReviewsTests.ReviewOfAsync(client, incident.IncidentId);
        Assert.Null(await FindFaultedMessageAsync(operations, messageId));
        var again = await operations.PostAsJsonAsync($"/operations/error-queues/{ErrorQueue}/replay", new { messageIds = new[] { messageId } });
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        Assert.Equal(1, await ReviewCountAsync(caller, incident.IncidentId));
    }

    [Fact]
    public async Task A_replayed_message_that_was_already_processed_has_no_second_effect()
    {
        var caller = TestCaller.NewOrg();
        var operations = service.CreateOperatorClient();
        var incident = ReviewsTests.Resolved(caller, Severity.Sev3);
        var messageId = Guid.NewGuid();
        service.Crash.ArmFor(incident.IncidentId, times: int.MaxValue);
        await service.PublishAsync(incident, messageId);
        await FaultedMessageAsync(operations, messageId);

        // The same event arrives again and succeeds (say, the publisher retried) while the failed copy still waits.
        service.Crash.Disarm(incident.IncidentId);
        await service.PublishAsync(incident, messageId);
        await ReviewsTests.ReviewOfAsync(service.CreateClient(caller), incident.IncidentId);
        await operations.PostAsJsonAsync($"/operations/error-queues/{ErrorQueue}/replay", new { messageIds = new[] { messageId } });

        // Only successful consumptions count: the second publish, then the replayed copy (skipped by the inbox).
        await Eventually.TrueAsync(() => service.Consumed.Count(messageId) == 2, "the replayed copy to be consumed");
        Assert.Equal(1, await ReviewCountAsync(caller, incident.IncidentId));
    }

    [Fact]
    public async Task An_operator_can_discard_a_message_for_good()
    {
        var caller = TestCaller.NewOrg();
        var operations = service.CreateOperatorClient();
        var incident = ReviewsTests.Resolved(caller, Severity.Sev4);
        var messageId = Guid.NewGuid();
        service.Crash.ArmFor(incident.IncidentId, times: int.MaxValue);
        await service.PublishAsync(incident, messageId);
        await FaultedMessageAsync(operations, messageId);

        var discarded = await operations.DeleteAsync($"/operations/error-queues/{ErrorQueue}/messages/{messageId}");
        var discardedAgain = await operations.DeleteAsync($"/operations/error-queues/{ErrorQueue}/messages/{messageId}");

        Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, discardedAgain.StatusCode);
        Assert.Null(await FindFaultedMessageAsync(operations, messageId));
        Assert.Equal(0, await ReviewCountAsync(caller, incident.IncidentId));
    }

    [Fact]
    public async Task Organizations_can_not_reach_the_error_queues_even_with_the_operator_role_in_their_own_tenant()
    {
        var caller = TestCaller.NewOrg();
        string[] paths = ["/operations/error-queues", $"/operations/error-queues/{ErrorQueue}/messages"];

        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateAnonymousClient().GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await service.CreateClient(caller).GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await service.CreateClientWithOperatorRoleOf(caller).GetAsync(path)).StatusCode);
        }

        var replay = await service.CreateClientWithOperatorRoleOf(caller).PostAsJsonAsync($"/operations/error-queues/{ErrorQueue}/replay", new { });
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
    }

    [Theory]
    [InlineData("reviews-incident-resolved")]
    [InlineData("notifications-review-created_error")]
    [InlineData("no-such-queue_error")]
    public async Task Only_this_services_error_queues_can_be_touched(string queue)
    {
        var operations = service.CreateOperatorClient();

        var read = await operations.GetAsync($"/operations/error-queues/{queue}/messages");
        var replay = await operations.PostAsJsonAsync($"/operations/error-queues/{queue}/replay", new { });
        var discard = await operations.DeleteAsync($"/operations/error-queues/{queue}/messages/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, discard.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task A_peek_limit_out_of_range_is_a_field_error(int limit)
    {
        var response = await service.CreateOperatorClient().GetAsync($"/operations/error-queues/{ErrorQueue}/messages?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    private static Task<JsonElement> FaultedMessageAsync(HttpClient operations, Guid messageId) =>
        ErrorQueueMessages.WaitForAsync(operations, ErrorQueue, messageId);

    private static Task<JsonElement?> FindFaultedMessageAsync(HttpClient operations, Guid messageId) =>
        ErrorQueueMessages.FindAsync(operations, ErrorQueue, messageId);

    private Task<int> ReviewCountAsync(TestCaller caller, Guid incidentId) =>
        service.QueryAsync(caller.OrgId, db => db.Reviews.CountAsync(r => r.IncidentId == incidentId));
}
