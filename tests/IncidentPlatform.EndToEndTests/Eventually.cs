using System.Text.Json;

namespace IncidentPlatform.EndToEndTests;

/// <summary>Waits for what the platform does asynchronously; the bound only keeps a broken test from hanging.</summary>
internal static class Eventually
{
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
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
