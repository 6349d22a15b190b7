using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>A request the receiver got: its headers and body as they arrived, and when.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string ContentType, string Body, DateTimeOffset ReceivedAt);

/// <summary>
/// A partner's webhook receiver over real HTTP on 127.0.0.1. Each test uses its own path; a path answers 200 unless the
/// test planned answers for it (a status, a redirect, or hanging past the sender's timeout), used one per request.
/// </summary>
public sealed class WebhookReceiver(TimeProvider clock) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _plans = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>Starts a receiver that notes when each request came by <paramref name="clock"/> (the sender's clock in tests).</summary>
    public static async Task<WebhookReceiver> StartAsync(TimeProvider clock)
    {
        var receiver = new WebhookReceiver(clock);
        await receiver.ListenAsync("http://127.0.0.1:0");
        return receiver;
    }

    /// <summary>The partner's server goes down: connections to its port are refused until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        var app = _app!;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>The partner's server is back, on the same address.</summary>
    public Task ComeBackAsync() => ListenAsync(BaseAddress.ToString());

    private async Task ListenAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>A fresh path of this receiver, for one test's endpoint.</summary>
    public string NewUrl() => new Uri(BaseAddress, $"/hooks/{Guid.NewGuid():N}").ToString();

    public void Plan(string url, params Func<HttpContext, Task>[] answers)
    {
        var queue = _plans.GetOrAdd(new Uri(url).AbsolutePath, _ => new());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    public static Func<HttpContext, Task> Status(int status) => context =>
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync($"planned {status}");
    };

    public static Func<HttpContext, Task> Redirect(int status, string location) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    public Func<HttpContext, Task> Hang() => async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token).Token);
        }
        catch (OperationCanceledException)
        {
        }
    };

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string url) =>
        [.. _received.Where(r => r.Path == new Uri(url).AbsolutePath)];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        _received.Enqueue(new ReceivedWebhook(
            context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            context.Request.ContentType ?? "", body, clock.GetUtcNow()));
        if (_plans.TryGetValue(context.Request.Path, out var plan) && plan.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }

        context.Response.StatusCode = 200;
        await context.Response.WriteAsync("ok");
    }
}
