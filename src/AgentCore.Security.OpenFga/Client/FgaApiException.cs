namespace AgentCore.Security.OpenFga.Client;

/// <summary>The OpenFGA server refused a request (a 4xx answer with an OpenFGA error code).</summary>
public sealed class FgaApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="FgaApiException"/> class.</summary>
    public FgaApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaApiException"/> class.</summary>
    /// <param name="message">The server's message.</param>
    public FgaApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaApiException"/> class.</summary>
    /// <param name="message">The server's message.</param>
    /// <param name="innerException">The cause.</param>
    public FgaApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FgaApiException"/> class.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="code">OpenFGA's error code name, for example <c>validation_error</c>.</param>
    /// <param name="message">The server's message.</param>
    public FgaApiException(int statusCode, string? code, string message)
        : base($"OpenFGA answered {statusCode} {code}: {message}")
    {
        StatusCode = statusCode;
        Code = code;
    }

    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Gets OpenFGA's error code name.</summary>
    public string? Code { get; }
}
