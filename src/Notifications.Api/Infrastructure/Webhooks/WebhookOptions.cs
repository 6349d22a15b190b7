using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>Settings of partner webhooks (<c>Webhooks:*</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Only https URLs are accepted. Null: true, except in the Development environment.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>
    /// Destinations the SSRF guard lets through although they are private: <c>127.0.0.1:5005</c>, <c>10.0.0.0/8</c>,
    /// <c>[::1]:8080</c>. For local development and tests only: outside the Development environment the service refuses
    /// to start with any (<see cref="WebhookOptionsValidation"/>).
    /// </summary>
    public List<string> AllowedPrivateDestinations { get; set; } = [];

    /// <summary>How long an attempt may take before it counts as timed out.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An endpoint whose deliveries have all failed for this long is disabled, and its creator told.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long finished deliveries stay in the log (and can be replayed).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(31);

    /// <summary>How often the dispatcher looks for due deliveries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many due deliveries one dispatcher claims at a time.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How many attempts one dispatcher sends at once.</summary>
    public int MaxConcurrentAttempts { get; set; } = 512;

    /// <summary>
    /// How many attempts one dispatcher has in hand at once, from sending until recorded (at least
    /// <see cref="MaxConcurrentAttempts"/>). Finished attempts wait for the next batch to be recorded; this lets sending
    /// go on while recording lags behind a burst, and bounds what a crash sends twice.
    /// </summary>
    public int MaxAttemptsInHand { get; set; } = 2048;

    /// <summary>
    /// How many of the attempts being sent one endpoint may have: an endpoint that hangs (each attempt waiting for <see cref="Timeout"/>)
    /// with a backlog holds at most this many slots, and the others' deliveries go on in the rest. Retries and a backlog
    /// (sent by claims) fill up to 15/16 of it: the rest is kept for fresh deliveries arriving while a claim runs.
    /// </summary>
    public int MaxConcurrentAttemptsPerEndpoint { get; set; } = 128;

    public const int MaxRedirects = 3;
}

/// <summary>
/// Refuses a private-destination allowlist outside Development: on a shared deployment it would open the listed
/// internal addresses to every org's webhooks.
/// </summary>
public sealed class WebhookOptionsValidation(IHostEnvironment environment) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        if (options.AllowedPrivateDestinations.Count > 0 && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"{WebhookOptions.SectionName}:AllowedPrivateDestinations lets webhooks reach private addresses. It is for development and " +
                $"tests, and refused in the {environment.EnvironmentName} environment: remove it, or run with ASPNETCORE_ENVIRONMENT=Development.");
        }

        // With no attempt allowed, nothing would ever be sent.
        return options.MaxConcurrentAttempts < 1 || options.MaxConcurrentAttemptsPerEndpoint < 1
            ? ValidateOptionsResult.Fail(
                $"{WebhookOptions.SectionName}:MaxConcurrentAttempts and {WebhookOptions.SectionName}:MaxConcurrentAttemptsPerEndpoint must be at least 1 " +
                $"(they are {options.MaxConcurrentAttempts} and {options.MaxConcurrentAttemptsPerEndpoint}).")
            : ValidateOptionsResult.Success;
    }
}
