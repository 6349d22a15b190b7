using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentPlatform.EndToEndTests;

/// <summary>Reads the public API as a script or partner would: plain JSON.</summary>
internal static class GatewayJson
{
    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static Task<JsonElement?> FirstItemAsync(HttpClient client, string path) => FirstItemAsync(client, path, _ => true);

    public static async Task<JsonElement?> FirstItemAsync(HttpClient client, string path, Func<JsonElement, bool> match)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(path);
        return page.GetProperty("items").EnumerateArray().Where(match).Select(item => (JsonElement?)item).FirstOrDefault();
    }

    public static async Task<JsonElement> DeclareAndResolveAsync(HttpClient client, string title)
    {
        var incident = await PostAsync(client, "/api/incidents", new
        {
            title,
            severity = "SEV1",
            services = new[] { "payments-api" },
            startedAt = "2025-06-02T08:00:00Z",
            detectedAt = "2025-06-02T08:04:00Z",
        });
        await PostAsync(client, $"/api/incidents/{incident.GetProperty("id").GetString()}/resolve", new { at = "2025-06-02T09:10:00Z" });
        return incident;
    }
}
