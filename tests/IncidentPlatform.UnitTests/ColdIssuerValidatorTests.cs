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
        var inside = 0;
        var mostInside = 0;
        var calls = 0;
        var firstCallOnPoolThread = (bool?)null;
        var parameters = Parameters((issuer, _, _) =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref mostInside, now);
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstCallOnPoolThread = Thread.CurrentThread.IsThreadPoolThread;
                metadataFetched.Wait(TimeSpan.FromSeconds(30));
            }

            Interlocked.Decrement(ref inside);
            return issuer;
        });

        // More waiting requests than the pool has threads: blocking one thread each would starve it.
        var requests = Enumerable.Range(0, Environment.ProcessorCount * 8 + 16)
            .Select(i => _handler.ValidateTokenAsync(Mint($"user-{i}"), parameters))
            .ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.All(requests, request => Assert.False(request.IsCompleted));
        Assert.Equal(1, Volatile.Read(ref calls));

        // The pool is still free to run other work meanwhile.
        Assert.Equal(42, await Task.Run(() => 42).WaitAsync(TimeSpan.FromSeconds(10)));

        metadataFetched.Set();
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, result => Assert.True(result.IsValid, result.Exception?.Message));
        Assert.False(firstCallOnPoolThread);
        Assert.Equal(1, mostInside);
    }

    [Fact]
    public async Task A_token_whose_issuer_the_cold_validator_refuses_is_refused_and_the_next_token_warms_it()
    {
        var calls = 0;
        var parameters = Parameters((issuer, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return issuer == Issuer ? issuer : throw new SecurityTokenInvalidIssuerException($"IDX40001: Issuer: '{issuer}' is not valid.");
        });

        var refused = await _handler.ValidateTokenAsync(Mint("intruder", issuer: "https://elsewhere.example/tenant/v2.0"), parameters);
        var accepted = await _handler.ValidateTokenAsync(Mint("user"), parameters);
        var callsWhenWarm = calls;
        var acceptedWarm = await _handler.ValidateTokenAsync(Mint("another user"), parameters);

        Assert.False(refused.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(refused.Exception);
        Assert.True(accepted.IsValid);
        Assert.True(acceptedWarm.IsValid);
        // Once warm, the issuer is checked once per token, by the validation itself.
        Assert.Equal(callsWhenWarm + 1, calls);
    }

    [Fact]
    public async Task A_malformed_token_is_refused_while_the_validator_is_cold()
    {
        var result = await _handler.ValidateTokenAsync("not-a-token", Parameters((issuer, _, _) => issuer));

        Assert.False(result.IsValid);
        Assert.NotNull(result.Exception);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private string Mint(string user, string issuer = Issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object> { ["tid"] = "org-1", ["oid"] = user, ["scp"] = "access_as_user" },
        SigningCredentials = new SigningCredentials(_issuerKey, SecurityAlgorithms.RsaSha256),
    });

    private TokenValidationParameters Parameters(IssuerValidator issuerValidator) => new()
    {
        ValidAudience = Audience,
        IssuerSigningKey = _issuerKey,
        IssuerValidator = issuerValidator,
    };
}
