using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>
/// An outbox message this build can never publish (an event type it does not know, a payload that does not read) is
/// parked: later events still flow, and an operator sees why, requeues it after the fix, or discards it.
/// </summary>
public sealed class OutboxParkingTests(ReviewsServiceFixture service) : IClassFixture<ReviewsServiceFixture>
{
    [Fact]
    public async Task Unpublishable_outbox_messages_are_parked_and_later_events_still_reach_the_broker()
    {
        var caller = TestCaller.NewOrg();
        await using var recorder = await EventRecorder<ReviewCreated>.StartAsync(service.MessagingConnectionString);
        var unknownType = await WriteOutboxMessageAsync(caller.OrgId, "IncidentPlatform.Contracts.ReviewArchived", """{"reviewId":"x"}""");
        var unreadable = await WriteOutboxMessageAsync(caller.OrgId, typeof(ReviewCreated).FullName!, "\"not a review\"");

        var incident = ReviewsTests.Resolved(caller, Severity.Sev2);
        await service.PublishAsync(incident);

        await Eventually.TrueAsync(() => recorder.Received.Any(r => r.Message.IncidentId == incident.IncidentId), "the ReviewCreated written after the poison");
        var operations = service.CreateOperatorClient();
        var parked = await operations.GetFromJsonAsync<JsonElement>("/operations/outbox/parked");
        var unknown = parked.EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == unknownType);
        Assert.Contains("is not an integration event", unknown.GetProperty("reason").GetString());
        Assert.Equal(caller.OrgId, unknown.GetProperty("orgId").GetGuid());
        Assert.Equal("x", unknown.GetProperty("payload").GetProperty("reviewId").GetString());
        Assert.Contains(parked.EnumerateArray(), m => m.GetProperty("id").GetGuid() == unreadable);
        var summary = await operations.GetFromJsonAsync<JsonElement>("/operations/outbox");
        Assert.True(summary.GetProperty("parked").GetInt32() >= 2);

        // Requeued while the cause remains, it is parked again after one more try; discarded, it is gone.
        Assert.Equal(HttpStatusCode.NoContent, (await operations.PostAsync($"/operations/outbox/parked/{unknownType}/requeue", null)).StatusCode);
        await Eventually.TrueAsync(async () => (await OutboxMessageAsync(unknownType)) is { ParkedAt: not null, Attempts: 2 }, "the requeued message to be parked again");
        Assert.Equal(HttpStatusCode.NoContent, (await operations.DeleteAsync($"/operations/outbox/parked/{unknownType}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operations.DeleteAsync($"/operations/outbox/parked/{unknownType}")).StatusCode);
        Assert.Null(await OutboxMessageAsync(unknownType));

        // Organizations' users are not operators.
        Assert.Equal(HttpStatusCode.Forbidden, (await service.CreateClient(caller).GetAsync("/operations/outbox/parked")).StatusCode);
    }

    private async Task<Guid> WriteOutboxMessageAsync(Guid orgId, string messageType, string payload)
    {
        var id = Guid.CreateVersion7();
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServiceDbContext>();
        db.OutboxMessages.Add(new OutboxMessage { Id = id, OrgId = orgId, MessageType = messageType, Payload = payload, OccurredAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<OutboxMessage?> OutboxMessageAsync(Guid id)
    {
        await using var scope = service.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServiceDbContext>().OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id);
    }
}
