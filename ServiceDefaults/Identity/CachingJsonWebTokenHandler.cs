using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IncidentPlatform.ServiceDefaults.Identity;

/// <summary>
/// The JWT bearer handler's token validator (Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>, as
/// configured by Microsoft.Identity.Web), answering from <see cref="ValidatedTokenCache"/> for a token it has already
/// validated in full. Every other token, and every failure, goes through the full validation.
/// </summary>
public sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache.TryGet(token, out var remembered))
        {
            return remembered;
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        cache.Add(token, result);
        return result;
    }

    /// <summary>A caching handler that maps claims exactly as <paramref name="configured"/> does.</summary>
    public static CachingJsonWebTokenHandler Replacing(JsonWebTokenHandler configured, ValidatedTokenCache cache) => new(cache)
    {
        MapInboundClaims = configured.MapInboundClaims,
        InboundClaimTypeMap = configured.InboundClaimTypeMap,
        MaximumTokenSizeInBytes = configured.MaximumTokenSizeInBytes,
    };
}
