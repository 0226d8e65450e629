namespace AgentCore.Cli;

/// <summary>The <c>agentcore</c> command line: dispatches to the command groups.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Usage = 2;

    public const string Help = """
        agentcore — inspect and validate agent tokens and their delegation chains

        Usage:
          agentcore token inspect TOKEN
          agentcore token validate --jwks FILE --issuer ISS --audience AUD [--now UNIXSECONDS]
                                   [--clock-skew SECONDS] [--require-scope S]... [--max-chain-depth N]
                                   [--typ T]... [--json] [--batch FILE] [TOKEN]
          agentcore fga check --store FILE.fga.yaml USER RELATION OBJECT [--context JSON]
                              [--contextual-tuple USER RELATION OBJECT]...
          agentcore fga explain --store FILE.fga.yaml USER RELATION OBJECT [--context JSON]
                                [--contextual-tuple USER RELATION OBJECT]...
          agentcore fga test FILE.fga.yaml
          agentcore fga conformance FILE.yaml...
          agentcore audit reach --store FILE.fga.yaml --actor TYPE:ID [--for TYPE:ID]
                                [--delegation-relation R] [--json | --format table|json|mermaid|dot]
          agentcore audit diff OLD.fga.yaml NEW.fga.yaml [--json]
          agentcore gateway --config gateway.json [--urls URL]

        TOKEN may be '-' (or omitted for validate) to read it from standard input.
        Exit codes: 0 all valid (allowed, passed; audit diff: nothing granted), 1 any invalid (denied, failed;
        audit diff: something granted), 2 usage error.
        """;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length >= 2 && args[0] == "token" && args[1] == "inspect")
        {
            return TokenInspectCommand.Run(args[2..], stdin, stdout, stderr);
        }

        if (args.Length >= 2 && args[0] == "token" && args[1] == "validate")
        {
            return await TokenValidateCommand.RunAsync(args[2..], stdin, stdout, stderr).ConfigureAwait(false);
        }

        if (args.Length >= 2 && args[0] == "fga")
        {
            try
            {
                return args[1] switch
                {
                    "check" => FgaCommands.Check(args[2..], stdout, stderr),
                    "explain" => FgaCommands.Explain(args[2..], stdout, stderr),
                    "test" => FgaCommands.Test(args[2..], stdout, stderr),
                    "conformance" => FgaCommands.Conformance(args[2..], stdout, stderr),
                    _ => throw new UsageException($"Unknown command 'fga {args[1]}'.\n\n{Help}"),
                };
            }
            catch (UsageException e)
            {
                await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
                return Usage;
            }
        }

        if (args.Length >= 1 && args[0] == "gateway")
        {
            try
            {
                return await GatewayCommand.RunAsync(args[1..], stdout, stderr).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
                return Usage;
            }
        }

        if (args.Length >= 2 && args[0] == "audit")
        {
            try
            {
                return args[1] switch
                {
                    "reach" => AuditCommands.ReachCommand(args[2..], stdout, stderr),
                    "diff" => AuditCommands.Diff(args[2..], stdout, stderr),
                    _ => throw new UsageException($"Unknown command 'audit {args[1]}'.\n\n{Help}"),
                };
            }
            catch (UsageException e)
            {
                await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
                return Usage;
            }
        }

        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(Help).ConfigureAwait(false);
            return args.Length == 0 ? Usage : Ok;
        }

        await stderr.WriteLineAsync($"Unknown command '{string.Join(' ', args.Take(2))}'.\n\n{Help}").ConfigureAwait(false);
        return Usage;
    }

    /// <summary>Reads a token argument: the value itself, or standard input for '-'.</summary>
    public static string ReadToken(string value, TextReader stdin) => (value == "-" ? stdin.ReadToEnd() : value).Trim();
}
