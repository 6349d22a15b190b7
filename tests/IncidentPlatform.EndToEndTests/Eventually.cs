using System.Text.Json;

namespace IncidentPlatform.EndToEndTests;

/// <summary>Waits for what the platform does asynchronously; the bound only keeps a broken test from hanging.</summary>
internal static class Eventually
{
    /// <summary>Set by the fixture: what the platform looks like, for the message of a test that gave up.</summary>
    public static Func<Task<string>>? DescribePlatform { get; set; }

    public static async Task<JsonElement> GetAsync(Func<Task<JsonElement?>> probe, string what, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                var state = DescribePlatform is null ? "" : Environment.NewLine + await DescribePlatform();
                throw new TimeoutException($"Gave up waiting for {what}.{state}");
            }

            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? bound = null) =>
        GetAsync(async () => await probe() ? default(JsonElement) : null, what, bound);
}
