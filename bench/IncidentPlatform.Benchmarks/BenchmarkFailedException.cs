namespace IncidentPlatform.Benchmarks;

/// <summary>The platform did not do what a measurement needs (did not start, refused a request); nothing to report.</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message);
