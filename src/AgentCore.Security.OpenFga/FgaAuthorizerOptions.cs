using System.ComponentModel.DataAnnotations;

namespace AgentCore.Security.OpenFga;

/// <summary>How chains map to OpenFGA users, which mode decides, and how decisions are cached.</summary>
public sealed class FgaAuthorizerOptions
{
    /// <summary>Gets or sets the mode.</summary>
    /// <value>Default <see cref="DelegationMode.EveryPrincipal"/>.</value>
    public DelegationMode Mode { get; set; } = DelegationMode.EveryPrincipal;

    /// <summary>Gets or sets the OpenFGA type of a chain's subject (<c>user:alice</c>).</summary>
    /// <value>Default <c>user</c>.</value>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AgentTokenChain:Authorization:Authorizer:SubjectType must not be empty: it is the OpenFGA type of a subject.")]
    public string SubjectType { get; set; } = "user";

    /// <summary>Gets or sets the OpenFGA type of a chain's actors (<c>agent:coordinator</c>).</summary>
    /// <value>Default <c>agent</c>.</value>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AgentTokenChain:Authorization:Authorizer:ActorType must not be empty: it is the OpenFGA type of an actor.")]
    public string ActorType { get; set; } = "agent";

    /// <summary>
    /// Gets or sets the relation of the contextual tuple that binds the current actor to the subject in
    /// <see cref="DelegationMode.CurrentActorForSubject"/>: <c>{user: user:alice, relation: principal, object: agent:coordinator}</c>.
    /// </summary>
    /// <value>Default <c>principal</c>.</value>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AgentTokenChain:Authorization:Authorizer:DelegationRelation must not be empty: it is the relation that binds an actor to its subject.")]
    public string DelegationRelation { get; set; } = "principal";

    /// <summary>Gets or sets a value indicating whether decisions are cached.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool EnableDecisionCache { get; set; } = true;

    /// <summary>Gets or sets how long an allow is cached.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan DecisionCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a denial is cached (shorter, so that a new grant takes effect soon).</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan DenialCacheTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the most decisions cached.</summary>
    /// <value>Default 10,000.</value>
    public int DecisionCacheSize { get; set; } = 10_000;

    /// <summary>A copy taken when the component is built, so that changing these options afterwards changes nothing.</summary>
    internal FgaAuthorizerOptions Snapshot() => (FgaAuthorizerOptions)MemberwiseClone();
}
