using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentPlatform.IntegrationTests.Incidents;

/// <summary>What a client sends and reads, written as a client would (plain JSON, no server types).</summary>
public static class IncidentRequests
{
    public static object Declaration(string title = "Checkout errors after deploy", string severity = "SEV2", bool detected = true) => new
    {
        title,
        severity,
        services = new[] { "checkout-api" },
        startedAt = "2024-03-15T14:23:00Z",
        detectedAt = detected ? "2024-03-15T14:27:00Z" : null,
    };

    public static async Task<JsonElement> DeclareAsync(HttpClient client, object? declaration = null)
    {
        var response = await client.PostAsJsonAsync("/api/incidents", declaration ?? Declaration());
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> StepAsync(HttpClient client, JsonElement incident, string step, string at) =>
        client.PostAsJsonAsync($"/api/incidents/{incident.GetProperty("id").GetString()}/{step}", new { at });

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
