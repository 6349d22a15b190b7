using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IncidentPlatform.ServiceDefaults.Identity;

/// <summary>
/// The JWT bearer handler's token validator (Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>, as
/// configured by Microsoft.Identity.Web) with two additions:
/// <list type="bullet">
/// <item>It answers from <see cref="ValidatedTokenCache"/> (when given one) for a token it has already validated in
/// full. Every other token, and every failure, goes through the full validation.</item>
/// <item>It never lets a synchronous issuer validator block the thread pool. Identity.Web's multi-tenant validator
/// (<c>AadIssuerValidator.Validate</c>) blocks its thread while it fetches the issuer's metadata the first time; its
/// later refreshes happen in the background. A process meeting its first tokens under load (a restart with traffic
/// waiting) used to block one thread per request until the pool starved and the fetch itself could no longer finish:
/// measured here, all requests to a gateway that had not yet seen a token timed out at 200 requests/s, for minutes.
/// So until the validator has accepted an issuer (of each token version), each issuer check runs on a thread of its
/// own, one at a time, and requests await it without holding a thread.</item>
/// </list>
/// </summary>
public sealed class PlatformJsonWebTokenHandler(ValidatedTokenCache? cache) : JsonWebTokenHandler
{
    // One check at a time, waiters served in order (SemaphoreSlim queues async waiters).
    private readonly SemaphoreSlim _coldCheckGate = new(1, 1);

    // Identity.Web's validator keeps one metadata document per token version (v1 issuers lack the "/v2.0" suffix),
    // fetched the first time a token of that version needs it; so each version warms on its own.
    private volatile bool _warmForV1;
    private volatile bool _warmForV2;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache is not null && cache.TryGet(token, out var remembered))
        {
            return remembered;
        }

        if (await CheckIssuerWhileColdAsync(token, validationParameters).ConfigureAwait(false) is { } refused)
        {
            return new TokenValidationResult { IsValid = false, Exception = refused };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        cache?.Add(token, result);
        return result;
    }

    /// <summary>A handler that maps claims exactly as <paramref name="configured"/> does.</summary>
    public static PlatformJsonWebTokenHandler Replacing(JsonWebTokenHandler configured, ValidatedTokenCache? cache) => new(cache)
    {
        MapInboundClaims = configured.MapInboundClaims,
        InboundClaimTypeMap = configured.InboundClaimTypeMap,
        MaximumTokenSizeInBytes = configured.MaximumTokenSizeInBytes,
    };

    /// <summary>
    /// While the synchronous issuer validator has not yet accepted an issuer of this token's version, checks the
    /// token's issuer on a thread of its own, after the checks queued before it. Returns why the issuer was refused, or
    /// null: then the full validation follows (the check only ever refuses early, it never accepts).
    /// </summary>
    private async Task<Exception?> CheckIssuerWhileColdAsync(string token, TokenValidationParameters? parameters)
    {
        // Only where the full validation would call the synchronous validator on a readable token; anything else
        // (no parameters, a configuration-aware validator, an encrypted or malformed token) is left to it.
        if (parameters is not { IssuerValidator: { } issuerValidator, IssuerValidatorUsingConfiguration: null }
            || (_warmForV1 && _warmForV2)
            || !TryRead(token, out var securityToken)
            || IsWarm(securityToken.Issuer))
        {
            return null;
        }

        await _coldCheckGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsWarm(securityToken.Issuer))
            {
                return null;
            }

            var refused = await Task.Factory.StartNew(
                () => CheckIssuer(issuerValidator, securityToken, parameters),
                CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.RunContinuationsAsynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            if (refused is null)
            {
                MarkWarm(securityToken.Issuer);
            }

            return refused;
        }
        finally
        {
            _coldCheckGate.Release();
        }
    }

    private static Exception? CheckIssuer(IssuerValidator issuerValidator, JsonWebToken securityToken, TokenValidationParameters parameters)
    {
        try
        {
            issuerValidator(securityToken.Issuer, securityToken, parameters);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static bool TryRead(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonWebToken? securityToken)
    {
        try
        {
            securityToken = new JsonWebToken(token);
            return !securityToken.IsEncrypted;
        }
        catch (Exception)
        {
            // Malformed: the full validation refuses it, with its own reason, before any issuer check.
            securityToken = null;
            return false;
        }
    }

    private static bool IsV2(string issuer) => issuer.EndsWith("/v2.0", StringComparison.Ordinal);

    private bool IsWarm(string issuer) => IsV2(issuer) ? _warmForV2 : _warmForV1;

    private void MarkWarm(string issuer)
    {
        if (IsV2(issuer))
        {
            _warmForV2 = true;
        }
        else
        {
            _warmForV1 = true;
        }
    }
}
