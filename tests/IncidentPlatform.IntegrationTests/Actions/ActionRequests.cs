using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.IntegrationTests.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Actions;

/// <summary>Action items as a client writes them, and the calls every Actions test makes.</summary>
internal static class ActionRequests
{
    public static string InDays(int days, TimeProvider? clock = null) =>
        (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.AddDays(days).ToString("yyyy-MM-dd");

    public static Dictionary<string, object?> Item(Guid reviewId, string? title = null, object? owner = null, string? dueDate = null, string priority = "P1") => new()
    {
        ["reviewId"] = reviewId,
        ["title"] = title ?? "Implement automated canary analysis that blocks promotion if error rate > 0.5%",
        ["description"] = "Canary analysis compares error rates before promoting.",
        ["owner"] = owner ?? new { userId = "sarah-" + reviewId, displayName = "Sarah" },
        ["secondaryOwnerTeam"] = "Platform Team",
        ["dueDate"] = dueDate ?? InDays(30),
        ["priority"] = priority,
        ["type"] = "prevent",
        ["definitionOfDone"] = "A canary with an injected 1% error rate is blocked in staging",
    };

    public static async Task<JsonElement> CreateAsync(HttpClient client, Dictionary<string, object?> item)
    {
        var response = await client.PostAsJsonAsync("/api/action-items", item);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null) =>
        body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string[] ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()];

    public static HttpClient As(ActionsServiceFixture service, TestCaller caller) => service.CreateClient(caller);
}
