using System.Net.Http.Headers;
using System.Text;

namespace AgentCore.Security.IntegrationTests.Mcp;

/// <summary>Hand-made MCP requests, for what an SDK client would not send (no token, no headers, a batch).</summary>
internal static class McpRaw
{
    /// <summary>A JSON-RPC request; a <c>tools/call</c> carries the <c>host</c> argument.</summary>
    public static string Body(string method, string? name, string host = "nas")
    {
        var parameters = name is null ? "{}" : "{\"name\":\"" + name + "\",\"arguments\":{\"host\":\"" + host + "\"}}";
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + parameters + "}";
    }

    /// <summary>Posts one request to the server's MCP endpoint, with the 2026-07-28 <c>Mcp-Method</c> / <c>Mcp-Name</c> headers unless told not to.</summary>
    public static async Task<HttpResponseMessage> PostAsync(McpTestServer server, string? token, string method, string? name, bool headers = true, string host = "nas", CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent(Body(method, name, host), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (headers)
        {
            request.Headers.Add("Mcp-Method", method);
        }

        if (headers && name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Calls a tool with a <c>host</c> argument.</summary>
    public static Task<HttpResponseMessage> CallToolAsync(McpTestServer server, string token, string tool, string host, CancellationToken cancellationToken) =>
        PostAsync(server, token, "tools/call", tool, host: host, cancellationToken: cancellationToken);
}
