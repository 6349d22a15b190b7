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
/// So until the validator has accepted one issuer, each issuer check runs on a thread of its own, one at a time,
/// and requests await it without holding a thread.</item>
/// </list>
/// </summary>
public sealed class PlatformJsonWebTokenHandler(ValidatedTokenCache? cache) : JsonWebTokenHandler
{
    private readonly Lock _warmUpGate = new();
    private volatile bool _issuerValidatorWarm;
    private (string Token, Task<Exception?> Check)? _firstIssuerCheck;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache is not null && cache.TryGet(token, out var remembered))
        {
            return remembered;
        }

        if (!_issuerValidatorWarm && validationParameters.IssuerValidator is { } issuerValidator
            && await CheckIssuerWhileColdAsync(token, issuerValidator, validationParameters).ConfigureAwait(false) is { } refused)
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
    /// Checks this token's issuer off the thread pool, unless another token's check is under way: then waits for that
    /// one and, if it did not warm the validator, tries again. Returns why the issuer was refused, or null.
    /// </summary>
    private async Task<Exception?> CheckIssuerWhileColdAsync(string token, IssuerValidator issuerValidator, TokenValidationParameters parameters)
    {
        while (!_issuerValidatorWarm)
        {
            (string Token, Task<Exception?> Check) current;
            lock (_warmUpGate)
            {
                if (_issuerValidatorWarm)
                {
                    break;
                }

                current = _firstIssuerCheck ??= (token, StartIssuerCheck(token, issuerValidator, parameters));
            }

            var refused = await current.Check.ConfigureAwait(false);
            if (ReferenceEquals(current.Token, token))
            {
                return refused;
            }
        }

        return null;
    }

    private Task<Exception?> StartIssuerCheck(string token, IssuerValidator issuerValidator, TokenValidationParameters parameters) =>
        Task.Factory.StartNew(() =>
        {
            Exception? refused = null;
            try
            {
                var securityToken = new JsonWebToken(token);
                issuerValidator(securityToken.Issuer, securityToken, parameters);
            }
            catch (Exception exception)
            {
                refused = exception;
            }

            lock (_warmUpGate)
            {
                _issuerValidatorWarm = refused is null;
                _firstIssuerCheck = null;
            }

            return refused;
        }, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.RunContinuationsAsynchronously, TaskScheduler.Default);
}
