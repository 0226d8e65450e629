using AgentCore.Cli;

namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>Runs the <c>agentcore</c> command line in process, with empty standard input, and returns what it wrote.</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new StringReader(string.Empty), stdout, stderr);
        return (code, stdout.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), stderr.ToString());
    }
}
