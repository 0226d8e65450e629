namespace AgentCore.Security.OpenFga;

/// <summary>What the authorizer needs from a policy engine: batch Check. The embedded store and the OpenFGA HTTP client both provide it.</summary>
public interface IFgaCheckClient
{
    /// <summary>Gets the id of the model the checks run against (part of the decision cache key).</summary>
    string ModelId { get; }

    /// <summary>Runs checks, answering each in order.</summary>
    /// <param name="checks">The checks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per check, in order.</returns>
    /// <exception cref="FgaUnavailableException">The policy engine could not answer.</exception>
    ValueTask<IReadOnlyList<FgaCheckResult>> BatchCheckAsync(IReadOnlyList<FgaCheckRequest> checks, CancellationToken cancellationToken = default);
}
