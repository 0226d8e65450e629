using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace GatewaySample;

/// <summary>
/// The fleet's non-.NET members, from npm (pinned in <c>tests/node-mcp-client/package-lock.json</c>): the MCP reference
/// server (<c>@modelcontextprotocol/server-everything</c>) as a Node tool, and a Node agent on the official TypeScript
/// SDK (<c>client.mjs</c>). Both run on loopback and are stopped when done.
/// </summary>
public static class NodeParts
{
    /// <summary>Gets the folder of the pinned npm packages.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "node-mcp-client");

    /// <summary>Gets a value indicating whether the packages are installed.</summary>
    public static bool Installed => File.Exists(ServerEntry) && Directory.Exists(Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "sdk"));

    private static string ServerEntry => Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>Installs the pinned packages (<c>npm ci</c>) when they are missing.</summary>
    public static async Task EnsureInstalledAsync(TextWriter output, CancellationToken cancellationToken)
    {
        if (Installed)
        {
            return;
        }

        await output.WriteLineAsync($"Installing the pinned npm packages (npm ci in {Folder})…").ConfigureAwait(false);
        var (exitCode, _, errors) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], null, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 || !Installed)
        {
            throw new InvalidOperationException($"npm ci failed in {Folder}: {errors}");
        }
    }

    /// <summary>Starts the MCP reference server over streamable HTTP on a free loopback port.</summary>
    public static async Task<NodeServer> StartEverythingServerAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerEntry);
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on port", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new NodeServer(process, new Uri($"http://127.0.0.1:{port}/mcp"));
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>
    /// The Node agent: connects to <paramref name="endpoint"/> with <paramref name="token"/>, lists the tools and calls
    /// <paramref name="tool"/>. Its report: <c>tools</c>, and <c>call</c> (the text, or the error's code and message), or <c>error</c>.
    /// </summary>
    public static async Task<JsonElement> RunAgentAsync(Uri endpoint, string? token, string tool, string arguments, CancellationToken cancellationToken)
    {
        var environment = token is null ? null : new Dictionary<string, string> { ["AGENT_TOKEN"] = token };
        var (exitCode, output, errors) = await RunAsync("node", ["client.mjs", endpoint.ToString(), tool, arguments], environment, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The Node agent failed ({exitCode}): {errors}");
        }

        using var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return report.RootElement.Clone();
    }

    /// <summary>A free loopback port (taken and released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string fileName, string[] arguments, Dictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var errors = process.StandardError.ReadToEndAsync(bounded.Token);
        try
        {
            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AgentCore.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("The repository root (AgentCore.sln) is not above the sample; run it from the repository.");
    }
}
