using System.Diagnostics;

namespace GatewaySample;

/// <summary>A Node server process on loopback; killed (with its children) on dispose.</summary>
public sealed class NodeServer(Process process, Uri endpoint) : IAsyncDisposable
{
    /// <summary>Gets the server's MCP endpoint.</summary>
    public Uri Endpoint { get; } = endpoint;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }
}
