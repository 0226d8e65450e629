using AgentCore.Security.Crypto;
using AgentCore.Security.Jwt;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>Checks <see cref="TokenChainValidatorOptions"/> and says, for each problem, which setting to fix.</summary>
internal sealed class TokenChainValidatorOptionsCustomValidator : IValidateOptions<TokenChainValidatorOptions>
{
    /// <summary>The cross-property rules, on start (the single-property ranges and required values come from the generated <see cref="TokenChainValidatorOptionsValidator"/>).</summary>
    public ValidateOptionsResult Validate(string? name, TokenChainValidatorOptions options)
    {
        var errors = Check(options, withSinglePropertyRules: false);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"{TokenChainValidatorDefaults.ConfigurationSection}: {e}"));
    }

    /// <summary>Every rule; a validator built in code (not through DI) checks them all in its constructor.</summary>
    public static List<string> Check(TokenChainValidatorOptions options, bool withSinglePropertyRules = true)
    {
        var errors = new List<string>();
        if (withSinglePropertyRules && string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("Set Audience to this service's audience (the value its tokens carry in 'aud').");
        }

        if (options.Issuers.Count == 0)
        {
            errors.Add("Add at least one TrustedIssuer to Issuers.");
        }

        foreach (var issuer in options.Issuers)
        {
            if (string.IsNullOrWhiteSpace(issuer.Issuer))
            {
                errors.Add("Issuers has an entry without Issuer.");
                continue;
            }

            if (issuer.Keys.Count == 0 && issuer.EffectiveMetadataAddress is null)
            {
                errors.Add($"Issuer '{issuer.Issuer}' has neither Keys nor a MetadataAddress (and is not a URL to discover its keys from).");
            }

            if (issuer.EffectiveMetadataAddress is { } address && (!address.IsAbsoluteUri || (options.RequireHttpsMetadata && address.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"Issuer '{issuer.Issuer}' MetadataAddress must be an absolute https URI (or set RequireHttpsMetadata = false for development).");
            }
        }

        if (options.Issuers.GroupBy(i => i.Issuer, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            errors.Add("Issuers lists the same issuer twice; give each issuer all of its keys once.");
        }

        if (withSinglePropertyRules && (options.MaxTokenSize < 256 || options.MaxTokenSize > TokenChainValidatorDefaults.MaxTokenSizeLimit))
        {
            errors.Add($"MaxTokenSize must be between 256 and {TokenChainValidatorDefaults.MaxTokenSizeLimit} bytes.");
        }

        foreach (var algorithm in options.AllowedAlgorithms)
        {
            if (JwsAlgorithms.Parse(algorithm) == JwsAlgorithm.None)
            {
                errors.Add($"AllowedAlgorithms contains '{algorithm}', which is not supported (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, HS256).");
            }
        }

        if (options.AllowedAlgorithms.Count == 0)
        {
            errors.Add("AllowedAlgorithms is empty; no token could ever be valid.");
        }

        if (options.ValidTypes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("ValidTypes contains an empty value.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TokenChainValidatorDefaults.ClockSkewLimit) // a TimeSpan range attribute is not trimming-safe
        {
            errors.Add("ClockSkew must be between 0 and 10 minutes.");
        }

        if (withSinglePropertyRules && (options.MaxChainDepth < 0 || options.MaxChainDepth > TokenChainValidatorDefaults.MaxChainDepthLimit))
        {
            errors.Add($"MaxChainDepth must be between 0 and {TokenChainValidatorDefaults.MaxChainDepthLimit}.");
        }

        if (options.RequiredClaims.Count(c => c is not ("iss" or "sub" or "aud" or "exp" or "nbf" or "iat" or "jti" or "client_id" or "scope" or "azp" or "act")) > 32)
        {
            errors.Add("RequiredClaims may name at most 32 claims beyond the registered ones.");
        }

        if (options.RequiredScopes.Any(s => !ScopeSyntax.IsValid(System.Text.Encoding.UTF8.GetBytes(s)) || s.Contains(' ', StringComparison.Ordinal)))
        {
            errors.Add("RequiredScopes contains a value that is not a single RFC 6749 scope token.");
        }

        if (options.KeyRefreshInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("KeyRefreshInterval must be at least 1 second.");
        }

        if (options.MaxKeyAge < options.AutomaticKeyRefreshInterval)
        {
            errors.Add("MaxKeyAge must be at least AutomaticKeyRefreshInterval: keys would be dropped before the next periodic refresh could renew them.");
        }

        if (options.AutomaticKeyRefreshInterval < TimeSpan.FromMinutes(1))
        {
            errors.Add("AutomaticKeyRefreshInterval must be at least 1 minute.");
        }

        if (withSinglePropertyRules && (options.VerifiedTokenCacheSize < 0 || options.VerifiedTokenCacheSize > TokenChainValidatorDefaults.VerifiedTokenCacheSizeLimit))
        {
            errors.Add($"VerifiedTokenCacheSize must be between 0 and {TokenChainValidatorDefaults.VerifiedTokenCacheSizeLimit}.");
        }

        return errors;
    }
}
