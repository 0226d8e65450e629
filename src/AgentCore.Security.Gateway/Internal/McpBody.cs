using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>
/// Reads MCP (JSON-RPC 2.0) request bodies for authorization, and filters <c>tools/list</c> answers (JSON, or the
/// <c>data:</c> lines of an event stream) to the tools a chain may call. Anything it cannot read is refused, never
/// passed on unread.
/// </summary>
internal static class McpBody
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64 };

    /// <summary>Reads every message of a body (one message or a batch).</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? Read(ReadOnlyMemory<byte> body, out List<McpMessage> messages, out bool batch)
    {
        messages = [];
        batch = false;
        try
        {
            using var document = JsonDocument.Parse(body, Strict);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                batch = true;
                if (root.GetArrayLength() == 0)
                {
                    return "the batch is empty";
                }

                foreach (var element in root.EnumerateArray())
                {
                    if (Message(element, out var message) is { } problem)
                    {
                        return problem;
                    }

                    messages.Add(message!);
                }

                return null;
            }

            var single = Message(root, out var one);
            if (one is not null)
            {
                messages.Add(one);
            }

            return single;
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
    }

    /// <summary>
    /// Filters the <c>tools</c> of every answer to one of <paramref name="listIds"/> to those <paramref name="mayCall"/>
    /// allows. The body is JSON or an event stream (<c>text/event-stream</c>).
    /// </summary>
    /// <returns>The filtered body, or <see langword="null"/> when it cannot be read (then nothing is passed on).</returns>
    public static async ValueTask<byte[]?> FilterToolsAsync(byte[] body, bool eventStream, HashSet<string> listIds, Func<string, ValueTask<bool>> mayCall)
    {
        if (!eventStream)
        {
            var node = Parse(body);
            return node is null ? null : Encoding.UTF8.GetBytes((await FilterAsync(node, listIds, mayCall).ConfigureAwait(false)).ToJsonString());
        }

        // Line by line, joined again as they came: only the data lines change.
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var content = lines[i].TrimEnd('\r');
            if (!content.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            // An event with empty data primes the stream for resumption (the SDKs send one first); it carries no message.
            var payload = content["data:".Length..].TrimStart(' ');
            if (payload.Length == 0)
            {
                continue;
            }

            if (Parse(Encoding.UTF8.GetBytes(payload)) is not { } message)
            {
                return null;
            }

            lines[i] = "data: " + (await FilterAsync(message, listIds, mayCall).ConfigureAwait(false)).ToJsonString();
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static JsonNode? Parse(byte[] json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Strict);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async ValueTask<JsonNode> FilterAsync(JsonNode node, HashSet<string> listIds, Func<string, ValueTask<bool>> mayCall)
    {
        if (node is JsonArray batch)
        {
            foreach (var item in batch)
            {
                if (item is not null)
                {
                    await FilterAsync(item, listIds, mayCall).ConfigureAwait(false);
                }
            }

            return node;
        }

        if (node is JsonObject message && message["id"] is { } id && listIds.Contains(id.ToJsonString())
            && message["result"] is JsonObject result && result["tools"] is JsonArray tools)
        {
            for (var i = tools.Count - 1; i >= 0; i--)
            {
                var name = tools[i] is JsonObject tool && tool["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                if (name is null || !await mayCall(name).ConfigureAwait(false))
                {
                    tools.RemoveAt(i);
                }
            }
        }

        return node;
    }

    private static string? Message(JsonElement element, out McpMessage? message)
    {
        message = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return "a message is not a JSON object";
        }

        if (!element.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return "a message is not JSON-RPC 2.0";
        }

        string? id = null;
        if (element.TryGetProperty("id", out var idElement))
        {
            if (idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return "a message's id is neither a string nor a number";
            }

            id = idElement.GetRawText();
        }

        if (!element.TryGetProperty("method", out var methodElement))
        {
            // A response (to a server's request: sampling, elicitation, roots).
            if (!element.TryGetProperty("result", out _) && !element.TryGetProperty("error", out _))
            {
                return "a message is neither a request, a notification nor a response";
            }

            message = new McpMessage(null, id, null);
            return null;
        }

        if (methodElement.ValueKind != JsonValueKind.String || methodElement.GetString() is not { Length: > 0 } method)
        {
            return "a message's method is not a string";
        }

        string? tool = null;
        if (method == "tools/call")
        {
            if (id is null)
            {
                return "tools/call is sent as a notification (no id)";
            }

            if (!element.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object
                || !parameters.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } toolName)
            {
                return "tools/call names no tool (params.name)";
            }

            tool = toolName;
        }

        message = new McpMessage(method, id, tool);
        return null;
    }
}
