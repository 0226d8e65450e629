using AgentCore.Security.Gateway;
using AgentCore.Security.OpenFga;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AgentCore.Cli;

/// <summary><c>agentcore gateway --config gateway.json [--urls URL]</c>: runs the gateway until it is stopped (Ctrl+C, SIGTERM).</summary>
internal static class GatewayCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? config = null;
        string? urls = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config" when i + 1 < args.Length:
                    config = args[++i];
                    break;
                case "--urls" when i + 1 < args.Length:
                    urls = args[++i];
                    break;
                default:
                    throw new UsageException($"Unknown or incomplete option '{args[i]}'.\n\n{CliApp.Help}");
            }
        }

        if (config is null)
        {
            throw new UsageException($"agentcore gateway needs --config FILE.\n\n{CliApp.Help}");
        }

        var path = Path.GetFullPath(config);
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"{config}: not found").ConfigureAwait(false);
            return CliApp.Usage;
        }

        GatewayOptions options;
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            options = Load(path);
            if (urls is not null)
            {
                options.Urls = urls;
            }

            app = GatewayApplication.Build(options, Path.GetDirectoryName(path));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FgaModelException or IOException or FormatException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"{config}: {e.Message}").ConfigureAwait(false);
            return CliApp.Usage;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync($"agentcore gateway: listening on {string.Join(' ', app.Urls)}; {options.Ingress.Count} ingress route(s), {options.Agents.Sum(a => a.Routes.Count)} egress route(s) for {options.Agents.Count} agent(s)").ConfigureAwait(false);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    internal static GatewayOptions Load(string path)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        var options = new GatewayOptions();
        configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
