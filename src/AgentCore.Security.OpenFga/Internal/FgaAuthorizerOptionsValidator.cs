namespace AgentCore.Security.OpenFga.Internal;

/// <summary>The single-property rules of <see cref="FgaAuthorizerOptions"/> (its data annotations), generated at build.</summary>
[OptionsValidator]
internal sealed partial class FgaAuthorizerOptionsValidator : IValidateOptions<FgaAuthorizerOptions>;
