using AgentCore.Security.Jwt;
using Microsoft.Extensions.Options;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>Validates the bound validator settings on start, naming each setting by its configuration key.</summary>
internal sealed class AgentTokenValidatorSettingsValidator : IValidateOptions<AgentTokenValidatorSettings>
{
    public ValidateOptionsResult Validate(string? name, AgentTokenValidatorSettings options)
    {
        var errors = new List<string>();
        if (options.Issuers.Any(i => string.IsNullOrWhiteSpace(i.Issuer)))
        {
            errors.Add($"{AgentTokenValidatorSettings.ConfigurationSection}:Issuers has an entry without Issuer.");
        }

        errors.AddRange(TokenChainValidatorOptionsValidator.Validate(options.ToOptions()).Select(e => $"{AgentTokenValidatorSettings.ConfigurationSection}: {e}"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
