using AgentCore.Security.Jwt;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>The single-property rules of <see cref="TokenChainValidatorOptions"/> (its data annotations), generated at build; the cross-property ones are <see cref="TokenChainValidatorOptionsCustomValidator"/>.</summary>
[OptionsValidator]
internal sealed partial class TokenChainValidatorOptionsValidator : IValidateOptions<TokenChainValidatorOptions>;
