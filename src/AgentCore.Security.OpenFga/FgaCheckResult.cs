namespace AgentCore.Security.OpenFga;

/// <summary>The answer to a Check: allowed, or an OpenFGA error. <c>default</c> is "not allowed".</summary>
public readonly struct FgaCheckResult
{
    private FgaCheckResult(bool allowed, FgaErrorCode error, string? message)
    {
        Allowed = allowed;
        ErrorCode = error;
        Message = message;
    }

    /// <summary>Gets a value indicating whether the relation holds (false on any error).</summary>
    public bool Allowed { get; }

    /// <summary>Gets the OpenFGA error code, or <see cref="FgaErrorCode.None"/>.</summary>
    public FgaErrorCode ErrorCode { get; }

    /// <summary>Gets the error message, if any.</summary>
    public string? Message { get; }

    /// <summary>Gets a value indicating whether the Check failed with an error.</summary>
    public bool IsError => ErrorCode != FgaErrorCode.None;

    /// <summary>An answer without error.</summary>
    /// <param name="allowed">Whether the relation holds.</param>
    /// <returns>The result.</returns>
    public static FgaCheckResult FromAllowed(bool allowed) => new(allowed, FgaErrorCode.None, null);

    /// <summary>A failed Check.</summary>
    /// <param name="code">The error code.</param>
    /// <param name="message">What went wrong.</param>
    /// <returns>The result.</returns>
    public static FgaCheckResult Error(FgaErrorCode code, string message) => new(false, code, message);

    /// <summary>Shows the answer.</summary>
    /// <returns><c>allowed</c>, <c>denied</c> or the error.</returns>
    public override string ToString() => IsError ? $"error {(int)ErrorCode}: {Message}" : Allowed ? "allowed" : "denied";
}
