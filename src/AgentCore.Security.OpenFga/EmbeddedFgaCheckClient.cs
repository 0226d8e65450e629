namespace AgentCore.Security.OpenFga;

/// <summary>The embedded store as an <see cref="IFgaCheckClient"/>: no server, the same model file.</summary>
/// <param name="store">The store.</param>
/// <param name="modelId">An id for the model (part of the decision cache key); default <c>embedded</c>.</param>
public sealed class EmbeddedFgaCheckClient(EmbeddedFgaStore store, string modelId = "embedded") : IFgaCheckClient
{
    /// <summary>Gets the store.</summary>
    public EmbeddedFgaStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public string ModelId { get; } = modelId;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<FgaCheckResult>> BatchCheckAsync(IReadOnlyList<FgaCheckRequest> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new FgaCheckResult[checks.Count];
        for (var i = 0; i < checks.Count; i++)
        {
            results[i] = Store.Check(checks[i]);
        }

        return ValueTask.FromResult<IReadOnlyList<FgaCheckResult>>(results);
    }
}
