using Microsoft.AspNetCore.Http;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>Strong ETags from a resource's version, and the <c>If-Match</c> check for updates.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>Throws 412 when the request carries an <c>If-Match</c> that does not name the current version.</summary>
    public static void EnsureMatches(HttpRequest request, int currentVersion)
    {
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return;
        }

        var current = For(currentVersion);
        var matches = ifMatch
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || tag == current);
        if (!matches)
        {
            throw new PreconditionFailedException(current);
        }
    }
}
