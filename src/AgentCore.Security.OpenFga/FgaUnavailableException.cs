namespace AgentCore.Security.OpenFga;

/// <summary>The policy engine could not answer (unreachable, timed out, a server error, an unreadable response).</summary>
public sealed class FgaUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="FgaUnavailableException"/> class.</summary>
    public FgaUnavailableException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaUnavailableException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public FgaUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaUnavailableException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public FgaUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
