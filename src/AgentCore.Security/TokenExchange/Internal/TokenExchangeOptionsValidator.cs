using AgentCore.Security.TokenExchange;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>The single-property rules of <see cref="TokenExchangeOptions"/> (its data annotations), generated at build.</summary>
[OptionsValidator]
internal sealed partial class TokenExchangeOptionsValidator : IValidateOptions<TokenExchangeOptions>;
