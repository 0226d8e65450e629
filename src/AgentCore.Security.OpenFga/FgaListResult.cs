namespace AgentCore.Security.OpenFga;

/// <summary>The answer to a ListObjects or ListUsers: the objects or users, or an OpenFGA error.</summary>
public sealed class FgaListResult
{
    private FgaListResult(IReadOnlyList<string> items, FgaErrorCode error, string? message, bool truncated = false)
    {
        Items = items;
        Truncated = truncated;
        ErrorCode = error;
        Message = message;
    }

    /// <summary>Gets the objects (ListObjects) or users (ListUsers), sorted; empty on an error.</summary>
    public IReadOnlyList<string> Items { get; }

    /// <summary>Gets the OpenFGA error code, or <see cref="FgaErrorCode.None"/>.</summary>
    public FgaErrorCode ErrorCode { get; }

    /// <summary>Gets the error message.</summary>
    public string? Message { get; }

    /// <summary>
    /// Gets a value indicating whether the list was cut short by <see cref="FgaListObjectsRequest.MaxResults"/> or
    /// <see cref="FgaListObjectsRequest.Deadline"/>: more objects may qualify than <see cref="Items"/> holds.
    /// </summary>
    public bool Truncated { get; }

    /// <summary>Gets a value indicating whether the request failed.</summary>
    public bool IsError => ErrorCode != FgaErrorCode.None;

    /// <summary>A successful answer.</summary>
    /// <param name="items">The objects or users.</param>
    /// <returns>The result.</returns>
    public static FgaListResult Of(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new([.. items.Order(StringComparer.Ordinal)], FgaErrorCode.None, null);
    }

    /// <summary>A successful answer that was cut short (a result limit or a deadline).</summary>
    /// <param name="items">The objects found before the list was cut short.</param>
    /// <returns>The result, with <see cref="Truncated"/> set.</returns>
    public static FgaListResult Partial(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new([.. items.Order(StringComparer.Ordinal)], FgaErrorCode.None, null, truncated: true);
    }

    /// <summary>A failed answer.</summary>
    /// <param name="code">The error code.</param>
    /// <param name="message">What failed.</param>
    /// <returns>The result.</returns>
    public static FgaListResult Error(FgaErrorCode code, string message) => new([], code, message);

    /// <inheritdoc />
    public override string ToString() => IsError ? $"error {(int)ErrorCode}: {Message}" : $"[{string.Join(", ", Items)}]{(Truncated ? " (truncated)" : string.Empty)}";
}
