using System.Security.Cryptography;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IncidentPlatform.UnitTests;

/// <summary>
/// Identity.Web's issuer validator is synchronous and blocks while it fetches the issuer's metadata the first time:
/// the token handler must keep that first fetch off the thread pool, whatever the number of requests waiting.
/// </summary>
public sealed class ColdIssuerValidatorTests
{
    private const string Issuer = "https://issuer.example/tenant/v2.0";
    private const string Audience = "incident-platform";

    private readonly RsaSecurityKey _issuerKey = new(RSA.Create(2048)) { KeyId = "issuer" };
    private readonly PlatformJsonWebTokenHandler _handler = new(cache: null);

    [Fact]
    public async Task While_the_validator_fetches_its_metadata_requests_wait_without_holding_pool_threads_and_one_check_runs_at_a_time()
    {
        using var metadataFetched = new ManualResetEventSlim();
        var firstCallEntered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var parameters = Parameters((issuer, _, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstCallEntered.SetResult(Thread.CurrentThread.IsThreadPoolThread);
                metadataFetched.Wait(TimeSpan.FromSeconds(30));
            }

            return issuer;
        });

        // More waiting requests than the pool has threads: blocking one thread each would starve it. (Blocking the
        // caller's thread instead would hang right here, on the first request.)
        var requests = Enumerable.Range(0, Environment.ProcessorCount * 8 + 16)
            .Select(i => _handler.ValidateTokenAsync(Mint($"user-{i}"), parameters))
            .ToList();
        var firstCallOnPoolThread = await firstCallEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The first check is blocked: nobody else has reached the validator nor been answered, and the pool is free.
        Assert.False(firstCallOnPoolThread);
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.All(requests, request => Assert.False(request.IsCompleted));
        Assert.Equal(42, await Task.Run(() => 42).WaitAsync(TimeSpan.FromSeconds(30)));

        metadataFetched.Set();
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, result => Assert.True(result.IsValid, result.Exception?.Message));
        // The one check while cold, then one per token by its full validation.
        Assert.Equal(requests.Count + 1, calls);
    }

    [Fact]
    public async Task A_token_whose_issuer_the_cold_validator_refuses_is_refused_and_the_tokens_waiting_behind_it_still_warm_it()
    {
        using var metadataFetched = new ManualResetEventSlim();
        var firstCallEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var parameters = Parameters((issuer, _, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstCallEntered.SetResult();
                metadataFetched.Wait(TimeSpan.FromSeconds(30));
            }

            return issuer == Issuer ? issuer : throw new SecurityTokenInvalidIssuerException($"IDX40001: Issuer: '{issuer}' is not valid.");
        });

        var intruder = _handler.ValidateTokenAsync(Mint("intruder", issuer: "https://elsewhere.example/tenant/v2.0"), parameters);
        await firstCallEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var users = Enumerable.Range(0, 8).Select(i => _handler.ValidateTokenAsync(Mint($"user-{i}"), parameters)).ToList();
        metadataFetched.Set();

        var refused = await intruder.WaitAsync(TimeSpan.FromSeconds(30));
        var accepted = await Task.WhenAll(users).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(refused.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(refused.Exception);
        Assert.All(accepted, result => Assert.True(result.IsValid, result.Exception?.Message));
        // The intruder's check, the first user's (which warmed the validator), then one per user's full validation.
        Assert.Equal(2 + users.Count, calls);
    }

    [Fact]
    public async Task Each_token_version_warms_on_its_own_as_the_validator_fetches_a_document_per_version()
    {
        const string V1Issuer = "https://sts.example/tenant/";
        var poolThreadCalls = new List<(string Issuer, bool OnPoolThread)>();
        var parameters = Parameters((issuer, _, _) =>
        {
            lock (poolThreadCalls)
            {
                poolThreadCalls.Add((issuer, Thread.CurrentThread.IsThreadPoolThread));
            }

            return issuer;
        });

        Assert.True((await _handler.ValidateTokenAsync(Mint("v2 user"), parameters)).IsValid);
        Assert.True((await _handler.ValidateTokenAsync(Mint("v1 user", issuer: V1Issuer), parameters)).IsValid);

        // Each version's first check ran off the pool; the v2 warm-up did not count for v1.
        Assert.Contains((Issuer, false), poolThreadCalls);
        Assert.Contains((V1Issuer, false), poolThreadCalls);
    }

    [Fact]
    public async Task While_cold_a_good_issuer_does_not_excuse_a_bad_signature()
    {
        var forged = Mint("forger", signingKey: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "issuer" });

        var result = await _handler.ValidateTokenAsync(forged, Parameters((issuer, _, _) => issuer));

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task A_malformed_token_is_refused_while_the_validator_is_cold()
    {
        var result = await _handler.ValidateTokenAsync("not-a-token", Parameters((issuer, _, _) => issuer));

        Assert.False(result.IsValid);
        Assert.NotNull(result.Exception);
    }

    private string Mint(string user, string issuer = Issuer, SecurityKey? signingKey = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object> { ["tid"] = "org-1", ["oid"] = user, ["scp"] = "access_as_user" },
        SigningCredentials = new SigningCredentials(signingKey ?? _issuerKey, SecurityAlgorithms.RsaSha256),
    });

    private TokenValidationParameters Parameters(IssuerValidator issuerValidator) => new()
    {
        ValidAudience = Audience,
        IssuerSigningKey = _issuerKey,
        IssuerValidator = issuerValidator,
    };
}
