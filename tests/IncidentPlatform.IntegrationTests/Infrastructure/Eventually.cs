namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for something that happens asynchronously (an event consumed, a row written). The bound only
/// stops a broken test from hanging; nothing asserts how fast it happens.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var value = await probe();
            if (value is not null && value is not false)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what) =>
        GetAsync<object>(async () => await probe() ? true : null, what);

    public static Task TrueAsync(Func<bool> probe, string what) =>
        GetAsync<object>(() => Task.FromResult<object?>(probe() ? true : null), what);
}
