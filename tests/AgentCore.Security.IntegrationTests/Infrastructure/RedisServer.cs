using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> (Debian's package, which .ci/run installs) on a free loopback port, with nothing written
/// to disk; it can be stopped, paused (SIGSTOP) and resumed, and ends with the test.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis configuration: short timeouts, so that a dead or paused server costs about a second.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,abortConnect=false,connectRetry=0";

    /// <summary>Starts a server, or skips the test with the reason when no <c>redis-server</c> binary exists.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Skip("No redis-server binary (apt-get install -y redis-server; .ci/run does): the Redis tests need a real server.");
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new RedisServer(port);
        var start = new ProcessStartInfo(binary!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        server._process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        server._process.OutputDataReceived += static (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await using var connection = await server.ConnectAsync();
                await connection.GetDatabase().PingAsync();
                return server;
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"redis-server did not answer on port {port}.");
    }

    /// <summary>A direct connection, to read what the cache wrote.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(Configuration);

    public void Stop()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Resume();
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }
}
