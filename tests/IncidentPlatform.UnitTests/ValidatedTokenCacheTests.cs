using System.Security.Claims;
using System.Security.Cryptography;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IncidentPlatform.UnitTests;

public sealed class ValidatedTokenCacheTests
{
    private const string Issuer = "https://issuer.example/tenant/v2.0";
    private const string Audience = "incident-platform";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly RsaSecurityKey _issuerKey = new(RSA.Create(2048)) { KeyId = "issuer" };
    private readonly RsaSecurityKey _otherKey = new(RSA.Create(2048)) { KeyId = "issuer" };
    private readonly ValidatedTokenCache _cache;
    private readonly PlatformJsonWebTokenHandler _handler;

    public ValidatedTokenCacheTests()
    {
        _cache = new ValidatedTokenCache(_clock);
        _handler = new PlatformJsonWebTokenHandler(_cache);
    }

    [Fact]
    public async Task A_validated_token_is_answered_from_the_cache_until_its_maximum_age()
    {
        var token = Mint(_issuerKey, lifetime: TimeSpan.FromHours(1));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_issuerKey))).IsValid);

        // The issuer's key is withdrawn: the remembered token still passes, a new one does not…
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_otherKey))).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(Mint(_issuerKey, lifetime: TimeSpan.FromHours(1)), Parameters(_otherKey))).IsValid);

        // …and after the cache's maximum age, the remembered one is validated in full again.
        _clock.Advance(ValidatedTokenCache.DefaultMaxAge);
        Assert.False((await _handler.ValidateTokenAsync(token, Parameters(_otherKey))).IsValid);
    }

    [Fact]
    public async Task An_entry_ends_when_its_token_expires()
    {
        var token = Mint(_issuerKey, lifetime: TimeSpan.FromSeconds(30));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_issuerKey))).IsValid);

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.False(_cache.TryGet(token, out _));
        var afterExpiry = await _handler.ValidateTokenAsync(token, Parameters(_issuerKey));
        Assert.False(afterExpiry.IsValid);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(afterExpiry.Exception);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task Failures_are_not_remembered()
    {
        var token = Mint(_issuerKey, lifetime: TimeSpan.FromHours(1));
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.False((await _handler.ValidateTokenAsync(token, Parameters(_otherKey))).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(tampered, Parameters(_issuerKey))).IsValid);
        Assert.Equal(0, _cache.Count);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_issuerKey))).IsValid);
    }

    [Fact]
    public async Task Every_answer_from_the_cache_has_an_identity_of_its_own()
    {
        var token = Mint(_issuerKey, lifetime: TimeSpan.FromHours(1));
        var validated = await _handler.ValidateTokenAsync(token, Parameters(_issuerKey));

        var first = await _handler.ValidateTokenAsync(token, Parameters(_issuerKey));
        first.ClaimsIdentity.AddClaim(new Claim("added-by-a-request", "yes"));
        var second = await _handler.ValidateTokenAsync(token, Parameters(_issuerKey));

        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Null(second.ClaimsIdentity.FindFirst("added-by-a-request"));
        Assert.Equal(
            validated.ClaimsIdentity.Claims.Select(claim => (claim.Type, claim.Value)),
            second.ClaimsIdentity.Claims.Select(claim => (claim.Type, claim.Value)));
        Assert.Equal(validated.ClaimsIdentity.GetType(), second.ClaimsIdentity.GetType());
        Assert.Same(validated.SecurityToken, second.SecurityToken);
        Assert.Equal("org-1", second.ClaimsIdentity.FindFirst("tid")?.Value);
    }

    [Fact]
    public async Task The_cache_holds_at_most_its_capacity()
    {
        var cache = new ValidatedTokenCache(_clock, capacity: 2);
        var handler = new PlatformJsonWebTokenHandler(cache);

        foreach (var _ in Enumerable.Range(0, 5))
        {
            Assert.True((await handler.ValidateTokenAsync(Mint(_issuerKey, lifetime: TimeSpan.FromHours(1)), Parameters(_issuerKey))).IsValid);
            Assert.InRange(cache.Count, 1, 2);
        }
    }

    private string Mint(SecurityKey key, TimeSpan lifetime)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["tid"] = "org-1", ["oid"] = Guid.NewGuid().ToString(), ["scp"] = "access_as_user" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key,
        // Lifetimes judged by the test's clock, with no skew allowed.
        LifetimeValidator = (notBefore, expires, _, _) =>
            notBefore <= _clock.GetUtcNow().UtcDateTime && _clock.GetUtcNow().UtcDateTime < expires,
    };
}
