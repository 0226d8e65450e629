namespace AgentCore.Security.Skills;

/// <summary>Thrown by <c>InvokeOrThrowAsync</c> when a skill call is denied; carries the denial.</summary>
public sealed class SkillDeniedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SkillDeniedException"/> class.</summary>
    public SkillDeniedException()
        : this(new AgentCallDenial(AgentCallDenyReason.Forbidden, "The skill call was denied."))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SkillDeniedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public SkillDeniedException(string message)
        : this(new AgentCallDenial(AgentCallDenyReason.Forbidden, message))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SkillDeniedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SkillDeniedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Denial = new AgentCallDenial(AgentCallDenyReason.Forbidden, message);
    }

    /// <summary>Initializes a new instance of the <see cref="SkillDeniedException"/> class.</summary>
    /// <param name="denial">The denial.</param>
    public SkillDeniedException(AgentCallDenial denial)
        : base((denial ?? throw new ArgumentNullException(nameof(denial))).ToString())
    {
        Denial = denial;
    }

    /// <summary>Gets the denial.</summary>
    public AgentCallDenial Denial { get; }
}
