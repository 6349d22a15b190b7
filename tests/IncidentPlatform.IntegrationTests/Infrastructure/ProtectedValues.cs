namespace IncidentPlatform.IntegrationTests.Infrastructure;

public static class ProtectedValues
{
    /// <summary>A stored secret as a key since removed from the ring leaves it: well-formed, but no key of the ring reads it.</summary>
    public const string UnderRetiredKey = "v1.retired.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
}
