using System.Diagnostics.CodeAnalysis;

namespace AgentCore.Security;

/// <summary>
/// The result of validating a token. A readonly struct, so that validating allocates nothing;
/// its <see langword="default"/> value is a failure with <see cref="JwtValidationStatus.Unknown"/>.
/// </summary>
public readonly struct JwtValidationResult : IEquatable<JwtValidationResult>
{
    private readonly ValidatedChain? _chain;
    private readonly string? _detail;

    private JwtValidationResult(JwtValidationStatus status, string? detail, ValidatedChain? chain)
    {
        Status = status;
        _detail = detail;
        _chain = chain;
    }

    /// <summary>Gets the status: <see cref="JwtValidationStatus.Valid"/> or the reason for the failure.</summary>
    public JwtValidationStatus Status { get; }

    /// <summary>Gets a value indicating whether the token is valid and <see cref="Chain"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Chain))]
    public bool IsValid => Status == JwtValidationStatus.Valid && _chain is not null;

    /// <summary>Gets the validated delegation chain, or <see langword="null"/> when validation failed.</summary>
    public ValidatedChain? Chain => Status == JwtValidationStatus.Valid ? _chain : null;

    /// <summary>
    /// Gets a message a person understands that says which check failed. It never contains the token
    /// or claim values.
    /// </summary>
    public string Message => _detail ?? JwtValidationMessages.Describe(Status);

    /// <summary>Creates a successful result.</summary>
    /// <param name="chain">The validated chain.</param>
    /// <returns>A result whose <see cref="Status"/> is <see cref="JwtValidationStatus.Valid"/>.</returns>
    public static JwtValidationResult Success(ValidatedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return new(JwtValidationStatus.Valid, null, chain);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="status">The failure status; must not be <see cref="JwtValidationStatus.Valid"/>.</param>
    /// <param name="detail">An optional, more specific message; it must not contain token or claim values.</param>
    /// <returns>A failed result.</returns>
    public static JwtValidationResult Failure(JwtValidationStatus status, string? detail = null)
    {
        if (status == JwtValidationStatus.Valid)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A failure cannot have the status Valid.");
        }

        return new(status, detail, null);
    }

    /// <inheritdoc />
    public bool Equals(JwtValidationResult other) =>
        Status == other.Status && ReferenceEquals(_chain, other._chain) && string.Equals(_detail, other._detail, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is JwtValidationResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Status, _chain, _detail);

    /// <summary>Compares two results for equality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(JwtValidationResult left, JwtValidationResult right) => left.Equals(right);

    /// <summary>Compares two results for inequality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(JwtValidationResult left, JwtValidationResult right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid ({_chain})" : $"{Status}: {Message}";
}
