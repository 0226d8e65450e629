namespace AgentCore.Security;

/// <summary>How a chain is checked.</summary>
public enum DelegationMode
{
    /// <summary>
    /// The subject and every actor must each hold the relation on the object (one batch check). A
    /// principal the policy does not name denies the whole chain. The default.
    /// </summary>
    EveryPrincipal,

    /// <summary>
    /// The subject must hold the relation, evaluated with contextual tuples, built only from the verified
    /// chain, that bind the current actor to the subject. For models that express delegation.
    /// </summary>
    CurrentActorForSubject,
}
