namespace AgentCore.Security;

/// <summary>
/// The outcome of a token exchange. <c>default</c> is a failure (<see cref="TokenExchangeStatus.Unknown"/>).
/// <see cref="ToString"/> never shows the token.
/// </summary>
public readonly struct TokenExchangeResult
{
    private TokenExchangeResult(TokenExchangeStatus status, IssuedToken? token, string? error, string? errorDescription, string message)
    {
        Status = status;
        Token = token;
        Error = error;
        ErrorDescription = errorDescription;
        _message = message;
    }

    private readonly string? _message;

    /// <summary>Gets the outcome.</summary>
    public TokenExchangeStatus Status { get; }

    /// <summary>Gets a value indicating whether a token was obtained.</summary>
    public bool IsSuccess => Status == TokenExchangeStatus.Success && Token is not null;

    /// <summary>Gets the issued token on success; otherwise <see langword="null"/>.</summary>
    public IssuedToken? Token { get; }

    /// <summary>Gets the OAuth error code (<c>invalid_scope</c>, …) when <see cref="Status"/> is <see cref="TokenExchangeStatus.OAuthError"/>.</summary>
    public string? Error { get; }

    /// <summary>Gets the token service's <c>error_description</c>, if it sent one.</summary>
    public string? ErrorDescription { get; }

    /// <summary>Gets a message a person can act on.</summary>
    public string Message => _message ?? "No token exchange was attempted.";

    /// <summary>Creates a successful result.</summary>
    /// <param name="token">The issued token.</param>
    /// <returns>The result.</returns>
    public static TokenExchangeResult Success(IssuedToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(TokenExchangeStatus.Success, token, null, null, "A token was issued.");
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="status">Why it failed; not <see cref="TokenExchangeStatus.Success"/>.</param>
    /// <param name="message">A message a person can act on; never a token.</param>
    /// <param name="error">The OAuth error code, if the token service sent one.</param>
    /// <param name="errorDescription">The token service's description, if any.</param>
    /// <returns>The result.</returns>
    public static TokenExchangeResult Failure(TokenExchangeStatus status, string message, string? error = null, string? errorDescription = null)
    {
        if (status == TokenExchangeStatus.Success)
        {
            throw new ArgumentException("A failure cannot have the status Success.", nameof(status));
        }

        return new(status, null, error, errorDescription, message);
    }

    /// <summary>Shows the status and message; never the token.</summary>
    /// <returns>For example <c>OAuthError invalid_scope: …</c>.</returns>
    public override string ToString() => Error is null ? $"{Status}: {Message}" : $"{Status} {Error}: {Message}";
}
