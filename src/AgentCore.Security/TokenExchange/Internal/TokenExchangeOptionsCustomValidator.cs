using AgentCore.Security.TokenExchange;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>
/// The cross-property rules of <see cref="TokenExchangeOptions"/>, naming for each problem the setting to fix; the
/// single-property ones (data annotations) are the generated <see cref="TokenExchangeOptionsValidator"/>. An
/// exchanger built in code, not through DI, checks them all in its constructor.
/// </summary>
internal sealed class TokenExchangeOptionsCustomValidator : IValidateOptions<TokenExchangeOptions>
{
    private const string Section = TokenExchangeDefaults.ConfigurationSection + ":";

    public ValidateOptionsResult Validate(string? name, TokenExchangeOptions options)
    {
        var errors = Check(options, withSinglePropertyRules: false);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The distributed-cache sealing key, or <see langword="null"/> when it is missing or not 32 bytes of base64.</summary>
    public static byte[]? DistributedCacheKeyOf(TokenExchangeOptions options)
    {
        var key = new byte[32];
        return options.DistributedCacheKey is { } text && Convert.TryFromBase64String(text.Trim(), key, out var written) && written == 32 ? key : null;
    }

    public static List<string> Check(TokenExchangeOptions options, bool withSinglePropertyRules = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (withSinglePropertyRules && string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{Section}ClientId is required: the agent's client id at the token service.");
        }

        if (options.TokenEndpoint is null && options.Authority is null && options.MetadataAddress is null)
        {
            errors.Add($"Set {Section}TokenEndpoint, or {Section}Authority (or MetadataAddress) to find it through OIDC discovery.");
        }

        if (options.UseDistributedCache && DistributedCacheKeyOf(options) is null)
        {
            errors.Add($"{Section}DistributedCacheKey is required with UseDistributedCache: 32 random bytes in base64 (for example 'openssl rand -base64 32'), the same on every replica, so that tokens are sealed in the shared cache.");
        }

        CheckUri(errors, options, options.TokenEndpoint, "TokenEndpoint");
        CheckUri(errors, options, options.Authority, "Authority");
        CheckUri(errors, options, options.MetadataAddress, "MetadataAddress");

        switch (options.ClientAuthentication)
        {
            case ClientAuthenticationMethod.ClientSecretBasic or ClientAuthenticationMethod.ClientSecretPost when string.IsNullOrEmpty(options.ClientSecret):
                errors.Add($"{Section}ClientSecret is required with ClientAuthentication = {options.ClientAuthentication}.");
                break;
            case ClientAuthenticationMethod.PrivateKeyJwt when options.ClientAssertionSigningCredentials is null:
                errors.Add($"ClientAssertionSigningCredentials (the agent's own signing key) is required with ClientAuthentication = PrivateKeyJwt; set it in code.");
                break;
            case < ClientAuthenticationMethod.ClientSecretBasic or > ClientAuthenticationMethod.ClientAssertion:
                errors.Add($"{Section}ClientAuthentication has the unknown value {(int)options.ClientAuthentication}.");
                break;
        }

        if (options.NoInboundToken is not (NoInboundTokenBehavior.UseClientCredentials or NoInboundTokenBehavior.Fail))
        {
            errors.Add($"{Section}NoInboundToken has the unknown value {(int)options.NoInboundToken}.");
        }

        Range(errors, options.RefreshMargin, TimeSpan.Zero, TimeSpan.FromHours(1), "RefreshMargin");
        Range(errors, options.MaxCacheLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "MaxCacheLifetime");
        if (options.RefreshMargin >= options.MaxCacheLifetime)
        {
            errors.Add($"{Section}RefreshMargin ({options.RefreshMargin}) must be shorter than MaxCacheLifetime ({options.MaxCacheLifetime}): a cached token is replaced that long before it ends, so every call would exchange again.");
        }

        Range(errors, options.ClientAssertionLifetime, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), "ClientAssertionLifetime");

        var resilience = options.Resilience;
        Range(errors, resilience.TotalTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5), "Resilience:TotalTimeout");
        Range(errors, resilience.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5), "Resilience:AttemptTimeout");
        Range(errors, resilience.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "Resilience:RetryDelay");
        Range(errors, resilience.CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1), "Resilience:CircuitBreakerSamplingDuration");
        Range(errors, resilience.CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1), "Resilience:CircuitBreakerBreakDuration");
        if (resilience.AttemptTimeout > resilience.TotalTimeout)
        {
            errors.Add($"{Section}Resilience:AttemptTimeout ({resilience.AttemptTimeout}) must not exceed Resilience:TotalTimeout ({resilience.TotalTimeout}).");
        }

        if (resilience.MaxRetryAttempts is < 0 or > 10)
        {
            errors.Add($"{Section}Resilience:MaxRetryAttempts must be between 0 and 10 (it is {resilience.MaxRetryAttempts}).");
        }

        if (resilience.CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            errors.Add($"{Section}Resilience:CircuitBreakerFailureRatio must be above 0 and at most 1 (it is {resilience.CircuitBreakerFailureRatio}).");
        }

        if (resilience.CircuitBreakerMinimumThroughput < 2)
        {
            errors.Add($"{Section}Resilience:CircuitBreakerMinimumThroughput must be at least 2 (it is {resilience.CircuitBreakerMinimumThroughput}).");
        }

        return errors;
    }

    private static void CheckUri(List<string> errors, TokenExchangeOptions options, Uri? uri, string name)
    {
        if (uri is null)
        {
            return;
        }

        if (!uri.IsAbsoluteUri)
        {
            errors.Add($"{Section}{name} must be an absolute URI (it is '{uri}').");
        }
        else if (options.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{Section}{name} must use https (it is '{uri}'); set {Section}RequireHttps = false only for loopback development.");
        }
    }

    private static void Range(List<string> errors, TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}{name} must be between {min} and {max} (it is {value}).");
        }
    }
}
