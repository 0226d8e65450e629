using System.Globalization;
using System.Text.Json;
using AgentCore.Security;
using AgentCore.Security.Jwt;

namespace AgentCore.Cli;

/// <summary><c>agentcore token validate</c>: runs the validator against a JWKS file. Never echoes a token.</summary>
internal static class TokenValidateCommand
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        Arguments parsed;
        TokenChainValidator validator;
        try
        {
            parsed = Arguments.Parse(args);
            validator = CreateValidator(parsed);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"{ex.Message}\n\n{CliApp.Help}").ConfigureAwait(false);
            return CliApp.Usage;
        }

        using (validator)
        {
            List<string> tokens;
            try
            {
                tokens = parsed.Batch is { } batch ? ReadBatch(batch) : [CliApp.ReadToken(parsed.Token ?? "-", stdin)];
            }
            catch (UsageException ex)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return CliApp.Usage;
            }

            var allValid = true;
            foreach (var token in tokens)
            {
                var result = validator.Validate(token.AsSpan());
                allValid &= result.IsValid;
                if (parsed.Json || parsed.Batch is not null)
                {
                    await stdout.WriteLineAsync(ToJson(result)).ConfigureAwait(false);
                }
                else
                {
                    await stdout.WriteLineAsync(ToText(result)).ConfigureAwait(false);
                }
            }

            return allValid ? CliApp.Ok : CliApp.Invalid;
        }
    }

    internal static string ToJson(JwtValidationResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", result.IsValid);
            writer.WriteString("status", result.Status.ToString());
            writer.WriteString("message", result.Message);
            var chain = result.Chain;
            WriteNullable(writer, "subject", chain?.Subject);
            WriteNullable(writer, "clientId", chain?.ClientId);
            writer.WriteStartArray("scopes");
            foreach (var scope in chain?.Scopes ?? [])
            {
                writer.WriteStringValue(scope);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("actors");
            foreach (var actor in chain?.Actors ?? [])
            {
                writer.WriteStringValue(actor.Subject);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string ToText(JwtValidationResult result)
    {
        if (!result.IsValid)
        {
            return $"INVALID {result.Status}: {result.Message}";
        }

        var chain = result.Chain;
        return $"VALID chain: {chain} | scopes: {string.Join(' ', chain.Scopes)} | client_id: {chain.ClientId ?? "(none)"} | jti: {chain.TokenId ?? "(none)"} | token hash: {chain.TokenHash}";
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static List<string> ReadBatch(string path)
    {
        try
        {
            var tokens = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path));
            return tokens ?? throw new UsageException($"--batch {path}: expected a JSON array of token strings.");
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new UsageException($"--batch {path}: {ex.Message}");
        }
    }

    private static TokenChainValidator CreateValidator(Arguments args)
    {
        IReadOnlyList<VerificationKey> keys;
        try
        {
            keys = VerificationKey.ParseJwks(File.ReadAllText(args.Jwks!), allowSymmetricKeys: true);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new UsageException($"--jwks {args.Jwks}: {ex.Message}");
        }

        var options = new TokenChainValidatorOptions { Audience = args.Audience };
        options.Issuers.Add(new TrustedIssuer(args.Issuer!).AddKeys(keys));
        if (args.ClockSkew is { } skew)
        {
            options.ClockSkew = skew;
        }

        if (args.MaxChainDepth is { } depth)
        {
            options.MaxChainDepth = depth;
        }

        foreach (var scope in args.RequiredScopes)
        {
            options.RequiredScopes.Add(scope);
        }

        if (args.Types.Count > 0)
        {
            options.ValidTypes.Clear();
            foreach (var typ in args.Types)
            {
                options.ValidTypes.Add(typ);
            }
        }

        TimeProvider clock = args.Now is { } now ? new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)) : TimeProvider.System;
        try
        {
            return new TokenChainValidator(options, clock);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private sealed class Arguments
    {
        public string? Jwks { get; private set; }

        public string? Issuer { get; private set; }

        public string? Audience { get; private set; }

        public long? Now { get; private set; }

        public TimeSpan? ClockSkew { get; private set; }

        public List<string> RequiredScopes { get; } = [];

        public int? MaxChainDepth { get; private set; }

        public List<string> Types { get; } = [];

        public bool Json { get; private set; }

        public string? Batch { get; private set; }

        public string? Token { get; private set; }

        public static Arguments Parse(string[] args)
        {
            var result = new Arguments();
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{arg} needs a value.");
                switch (arg)
                {
                    case "--jwks": result.Jwks = Value(); break;
                    case "--issuer": result.Issuer = Value(); break;
                    case "--audience": result.Audience = Value(); break;
                    case "--now": result.Now = ParseLong(arg, Value(), 0); break;
                    case "--clock-skew": result.ClockSkew = TimeSpan.FromSeconds(ParseLong(arg, Value(), 0)); break;
                    case "--require-scope": result.RequiredScopes.Add(Value()); break;
                    case "--max-chain-depth": result.MaxChainDepth = (int)ParseLong(arg, Value(), 0); break;
                    case "--typ": result.Types.Add(Value()); break;
                    case "--json": result.Json = true; break;
                    case "--batch": result.Batch = Value(); break;
                    default:
                        if (arg.StartsWith("--", StringComparison.Ordinal))
                        {
                            throw new UsageException($"Unknown option {arg}.");
                        }

                        if (result.Token is not null)
                        {
                            throw new UsageException("Give at most one TOKEN.");
                        }

                        result.Token = arg;
                        break;
                }
            }

            if (result.Jwks is null || result.Issuer is null || result.Audience is null)
            {
                throw new UsageException("--jwks, --issuer and --audience are required.");
            }

            if (result.Batch is not null && result.Token is not null)
            {
                throw new UsageException("Give either --batch FILE or a TOKEN, not both.");
            }

            return result;
        }

        private static long ParseLong(string option, string value, long min) =>
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min
                ? parsed
                : throw new UsageException($"{option} needs a non-negative whole number, not '{value}'.");
    }
}
