namespace AgentCore.Security.Jwt.Internal;

/// <summary>The JWK members a verification key is made from, whichever parser read them.</summary>
internal sealed class JwkFields
{
    public string? Kty { get; init; }

    public string? Kid { get; init; }

    public string? Alg { get; init; }

    public string? Use { get; init; }

    public IList<string>? KeyOps { get; init; }

    public string? N { get; init; }

    public string? E { get; init; }

    public string? Crv { get; init; }

    public string? X { get; init; }

    public string? Y { get; init; }

    public string? K { get; init; }
}
