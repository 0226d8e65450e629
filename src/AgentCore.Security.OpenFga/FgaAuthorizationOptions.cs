using AgentCore.Security.OpenFga.Client;

namespace AgentCore.Security.OpenFga;

/// <summary>
/// The authorizer's options, from configuration (<c>AgentTokenChain:Authorization</c>) or code alike: an
/// embedded store file, or an OpenFGA server; plus the mode and type names.
/// </summary>
public sealed class FgaAuthorizationOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSection = "AgentTokenChain:Authorization";

    /// <summary>Gets or sets the <c>.fga.yaml</c> store file of the embedded evaluator (relative to the working folder).</summary>
    public string? StoreFile { get; set; }

    /// <summary>Gets the OpenFGA server's settings (used when <see cref="StoreFile"/> is unset).</summary>
    public OpenFgaClientOptions OpenFga { get; } = new();

    /// <summary>Gets the authorizer's settings.</summary>
    public FgaAuthorizerOptions Authorizer { get; } = new();
}
