namespace IncidentPlatform.Benchmarks;

/// <summary>The platform did not do what a measurement needs (did not start, refused a request); nothing to report.</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message)
{
    /// <summary>A refused request: what the benchmark tried, the status, and the start of the answer.</summary>
    public static BenchmarkFailedException Refused(string doing, HttpResponseMessage response, string body) =>
        new($"Could not {doing}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");

    /// <summary>Throws <see cref="Refused"/> unless <paramref name="response"/> succeeded.</summary>
    public static async Task ThrowIfRefusedAsync(HttpResponseMessage response, string doing, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(doing, response, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }
}
