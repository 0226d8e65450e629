namespace AgentCore.Security.OpenFga;

/// <summary>An authorization model or store file that cannot be used: its text, line and reason.</summary>
public sealed class FgaModelException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="FgaModelException"/> class.</summary>
    public FgaModelException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaModelException"/> class.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public FgaModelException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaModelException"/> class.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="innerException">The cause.</param>
    public FgaModelException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
