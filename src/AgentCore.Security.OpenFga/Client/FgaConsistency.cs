namespace AgentCore.Security.OpenFga.Client;

/// <summary>OpenFGA's consistency preference for queries.</summary>
public enum FgaConsistency
{
    /// <summary>The server's default.</summary>
    Unspecified,

    /// <summary><c>MINIMIZE_LATENCY</c>: may serve from the server's cache.</summary>
    MinimizeLatency,

    /// <summary><c>HIGHER_CONSISTENCY</c>: reads the latest tuples.</summary>
    HigherConsistency,
}
