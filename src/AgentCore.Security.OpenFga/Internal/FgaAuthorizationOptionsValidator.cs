using AgentCore.Security.OpenFga.Client;
using Microsoft.Extensions.Options;

namespace AgentCore.Security.OpenFga.Internal;

/// <summary>Validates the authorizer's options on start, naming each setting by its configuration key.</summary>
internal sealed class FgaAuthorizationOptionsValidator : IValidateOptions<FgaAuthorizationOptions>
{
    private const string Section = FgaAuthorizationOptions.ConfigurationSection;

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
        if (authorizer.DecisionCacheSize < 1 || authorizer.DecisionCacheTtl < TimeSpan.Zero || authorizer.DenialCacheTtl < TimeSpan.Zero)
        {
            errors.Add($"{Section}:Authorizer: DecisionCacheSize must be positive and the cache TTLs must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(authorizer.SubjectType) || string.IsNullOrWhiteSpace(authorizer.ActorType) || string.IsNullOrWhiteSpace(authorizer.DelegationRelation))
        {
            errors.Add($"{Section}:Authorizer: SubjectType, ActorType and DelegationRelation must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
