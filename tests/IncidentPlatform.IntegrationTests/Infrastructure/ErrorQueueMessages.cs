using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>Reads a service's error queue as an operator does, through its operations API.</summary>
public static class ErrorQueueMessages
{
    /// <summary>Waits until the message is in the error queue and returns it with its fault.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient operations, string errorQueue, Guid messageId) =>
        (await Eventually.GetAsync(() => FindAsync(operations, errorQueue, messageId), "the message in the error queue"))!.Value;

    public static async Task<JsonElement?> FindAsync(HttpClient operations, string errorQueue, Guid messageId)
    {
        var messages = await operations.GetFromJsonAsync<JsonElement>($"/operations/error-queues/{errorQueue}/messages?limit=500");
        return messages.EnumerateArray()
            .Where(m => m.GetProperty("messageId").ValueKind != JsonValueKind.Null && m.GetProperty("messageId").GetGuid() == messageId)
            .Select(m => (JsonElement?)m)
            .FirstOrDefault();
    }
}
