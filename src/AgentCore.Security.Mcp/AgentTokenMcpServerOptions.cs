namespace AgentCore.Security.Mcp;

/// <summary>How an MCP server authorizes the primitives it serves (tools, resources, prompts).</summary>
public sealed class AgentTokenMcpServerOptions
{
    /// <summary>The configuration section the parameterless registration binds.</summary>
    public const string ConfigurationSection = "AgentTokenChain:Mcp:Server";

    /// <summary>
    /// Gets or sets a value indicating whether a primitive that declares neither <see cref="RequireScopeAttribute"/> nor
    /// <see cref="RequireRelationAttribute"/> may be listed and called by any valid chain. Off by default: an undeclared
    /// primitive is hidden and refused (fail closed), so a tool added without its requirements is not open to every caller.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowUndeclaredPrimitives { get; set; }
}
