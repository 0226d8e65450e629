using AgentCore.Security.OpenFga.Client;

namespace AgentCore.Security.OpenFga.Internal;

/// <summary>
/// The cross-property rules of the authorizer's options (store file or server, and the server's settings together),
/// plus the generated single-property rules of <see cref="FgaAuthorizerOptions"/>; each message names its configuration key.
/// </summary>
internal sealed class FgaAuthorizationOptionsCustomValidator : IValidateOptions<FgaAuthorizationOptions>
{
    private const string Section = FgaAuthorizationOptions.ConfigurationSection;

    private static readonly FgaAuthorizerOptionsValidator Generated = new();

    public ValidateOptionsResult Validate(string? name, FgaAuthorizationOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.StoreFile))
        {
            if (options.OpenFga.ApiUrl is null && options.OpenFga.StoreId is null)
            {
                errors.Add($"Set {Section}:StoreFile (embedded evaluator), or {Section}:OpenFga:ApiUrl and :StoreId (an OpenFGA server).");
            }
            else
            {
                errors.AddRange(OpenFgaHttpClient.Check(options.OpenFga).Select(e => $"{Section}:OpenFga: {e}"));
            }
        }
        else if (!File.Exists(options.StoreFile))
        {
            errors.Add($"{Section}:StoreFile '{options.StoreFile}' does not exist.");
        }

        var authorizer = options.Authorizer;
        if (Generated.Validate(name, authorizer) is { Failed: true } failed)
        {
            errors.AddRange(failed.Failures);
        }

        if (authorizer.DecisionCacheSize < 1)
        {
            errors.Add($"{Section}:Authorizer:DecisionCacheSize must be at least 1 (it is {authorizer.DecisionCacheSize}).");
        }

        if (authorizer.DecisionCacheTtl < TimeSpan.Zero || authorizer.DenialCacheTtl < TimeSpan.Zero)
        {
            errors.Add($"{Section}:Authorizer: DecisionCacheTtl and DenialCacheTtl must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
