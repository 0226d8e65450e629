using AgentCore.Security.Jwt;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>A verification key bound to the issuer that publishes it. Retired when it leaves that issuer's key set.</summary>
internal sealed class BoundKey
{
    private volatile bool _retired;

    public BoundKey(VerificationKey key, IssuerState issuer)
    {
        Key = key;
        Issuer = issuer;
    }

    public VerificationKey Key { get; }

    public IssuerState Issuer { get; }

    public bool IsRetired => _retired;

    public void Retire() => _retired = true;
}
