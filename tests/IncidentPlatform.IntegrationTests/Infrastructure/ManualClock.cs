namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>A clock a test moves by hand (scheduled work is tested by moving time, never by sleeping). It starts at the real time.</summary>
public sealed class ManualClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
