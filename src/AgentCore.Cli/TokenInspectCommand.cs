using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentCore.Cli;

/// <summary><c>agentcore token inspect TOKEN</c>: decodes a token and draws its delegation chain, without verifying anything.</summary>
internal static class TokenInspectCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1)
        {
            stderr.WriteLine("Usage: agentcore token inspect TOKEN   (or '-' to read it from standard input)");
            return CliApp.Usage;
        }

        var token = CliApp.ReadToken(args[0], stdin);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            stderr.WriteLine($"Not a compact JWS: expected 3 segments, found {parts.Length}.");
            return CliApp.Invalid;
        }

        JsonDocument header, payload;
        byte[] headerBytes, payloadBytes;
        try
        {
            headerBytes = Base64Url.DecodeFromChars(parts[0]);
            payloadBytes = Base64Url.DecodeFromChars(parts[1]);
            header = JsonDocument.Parse(headerBytes);
            payload = JsonDocument.Parse(payloadBytes);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            stderr.WriteLine($"The token cannot be decoded: {ex.Message}");
            return CliApp.Invalid;
        }

        var readable = true;
        using (header)
        using (payload)
        {
            stdout.WriteLine("UNVERIFIED: decoded only. The signature, issuer, audience and lifetime were NOT checked;");
            stdout.WriteLine("use 'agentcore token validate' to verify.");
            stdout.WriteLine($"token sha256 (short): {Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)).AsSpan(0, 6))}");
            stdout.WriteLine();
            stdout.WriteLine("Header:");
            readable &= WriteJson(header.RootElement, headerBytes, stdout);
            stdout.WriteLine("Payload:");
            readable &= WriteJson(payload.RootElement, payloadBytes, stdout);
            stdout.WriteLine();
            stdout.WriteLine("Delegation chain (unverified), earliest first:");
            try
            {
                foreach (var line in DrawChain(payload.RootElement))
                {
                    stdout.WriteLine(line);
                }
            }
            catch (InvalidOperationException)
            {
                stdout.WriteLine(UnpairedSurrogate);
                readable = false;
            }
        }

        if (!readable)
        {
            stderr.WriteLine("The token holds a string with an unpaired surrogate escape; the validator refuses it as malformed.");
            return CliApp.Invalid;
        }

        return CliApp.Ok;
    }

    private const string UnpairedSurrogate = "(a string holds an unpaired surrogate escape such as \\ud800: not Unicode text; shown as sent)";

    /// <summary>Writes indented JSON; when a string cannot be unescaped, the text as sent instead, and <see langword="false"/>.</summary>
    private static bool WriteJson(JsonElement element, byte[] raw, TextWriter stdout)
    {
        try
        {
            stdout.WriteLine(JsonSerializer.Serialize(element, Indented));
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            stdout.WriteLine(UnpairedSurrogate);
            stdout.WriteLine(Encoding.UTF8.GetString(raw));
            return false;
        }
    }

    /// <summary>Draws subject → actors as a tree, from the subject down to the current actor.</summary>
    public static IEnumerable<string> DrawChain(JsonElement claims)
    {
        var actors = new List<(string Sub, string? Scope)>();
        var element = claims;
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("act", out var act) && act.ValueKind == JsonValueKind.Object && actors.Count < 64)
        {
            actors.Add((Str(act, "sub") ?? "(no sub)", Str(act, "scope")));
            element = act;
        }

        yield return $"{Str(claims, "sub") ?? "(no sub)"}  (subject)";
        for (var i = actors.Count - 1; i >= 0; i--)
        {
            var depth = actors.Count - 1 - i;
            var role = i == 0 ? "current actor" : "earlier actor";
            var scope = actors[i].Scope is { } s ? $", held scope: {s}" : string.Empty;
            yield return $"{new string(' ', depth * 3)}└─ {actors[i].Sub}  ({role}{scope})";
        }

        var tokenScope = Str(claims, "scope");
        yield return $"token scope: {tokenScope ?? "(none)"}; audience: {Audience(claims)}; client_id: {Str(claims, "client_id") ?? "(none)"}";
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Audience(JsonElement claims) =>
        !claims.TryGetProperty("aud", out var aud) ? "(none)"
        : aud.ValueKind == JsonValueKind.Array ? string.Join(", ", aud.EnumerateArray().Select(a => a.ToString()))
        : aud.ToString();
}
