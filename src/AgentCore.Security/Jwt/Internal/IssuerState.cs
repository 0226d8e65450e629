namespace AgentCore.Security.Jwt.Internal;

/// <summary>A trusted issuer as the hot path needs it: its exact identifier as UTF-8.</summary>
internal sealed class IssuerState
{
    public IssuerState(string issuer)
    {
        Issuer = issuer;
        IssuerUtf8 = Encoding.UTF8.GetBytes(issuer);
    }

    public string Issuer { get; }

    public byte[] IssuerUtf8 { get; }
}
