namespace AgentCore.Security.TokenExchange;

/// <summary>A client assertion to authenticate the agent with: its type and the assertion itself.</summary>
/// <param name="Type">The <c>client_assertion_type</c>, for example <see cref="ClientAssertionTypes.JwtBearer"/>.</param>
/// <param name="Value">The assertion (a JWT). Never logged.</param>
public readonly record struct ClientAssertion(string Type, string Value)
{
    /// <summary>Shows the type, never the assertion.</summary>
    /// <returns>The assertion type.</returns>
    public override string ToString() => Type;
}
