using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentCore.Security.TokenExchange.Internal;

namespace AgentCore.Security.Mcp.Client;

/// <summary>
/// Discovers how an MCP server wants to be authorized, as the MCP authorization spec describes: an unauthenticated
/// request, the 401's <c>resource_metadata</c> (RFC 9728) or the well-known locations, the metadata's <c>resource</c>
/// checked against the server asked, then the authorization server's metadata (RFC 8414, or OpenID discovery) with its
/// <c>issuer</c> checked against the identifier it was found by. Every refusal is a <see cref="McpDiscoveryException"/>
/// with its <see cref="McpDiscoveryFailure"/>; nothing is sent with a token.
/// </summary>
/// <param name="http">
/// The client to read with. It must not follow redirects (a redirect is refused as unavailable metadata); the MCP client
/// factory passes one that does not.
/// </param>
public sealed class McpAuthorizationDiscovery(HttpClient http)
{
    /// <summary>The largest metadata document read (64 KiB).</summary>
    public const int MaxDocumentSize = 64 * 1024;

    private const string ProbeBody = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"AgentCore.Security","version":"1.0"}}}""";

    /// <summary>Discovers the server's resource and authorization server.</summary>
    /// <param name="endpoint">The MCP endpoint, as the client will call it.</param>
    /// <param name="trustedIssuers">The authorization servers this agent trusts (issuer identifiers); <see langword="null"/> takes the first the server names.</param>
    /// <param name="expectedResource">
    /// The resource the metadata must name, when the server's canonical URI is reached at another address (a port
    /// forward): addresses on the resource's origin are then read at the endpoint's. <see langword="null"/>: the endpoint.
    /// </param>
    /// <param name="cancellationToken">Cancels discovery.</param>
    /// <returns>The checked result.</returns>
    /// <exception cref="McpDiscoveryException">Discovery failed, or what it found is refused.</exception>
    public async Task<McpServerAuthorization> DiscoverAsync(Uri endpoint, IReadOnlyCollection<string>? trustedIssuers, Uri? expectedResource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        CheckAddress(endpoint, "the MCP endpoint");
        var (metadataAddress, challengeScopes) = await ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var candidates = metadataAddress is not null ? [metadataAddress] : WellKnown(expectedResource ?? endpoint, "oauth-protected-resource");
        if (expectedResource is not null)
        {
            // The server's canonical URI is reached at another address (a port forward): its metadata too.
            candidates = [.. candidates.Select(c => Reached(c, expectedResource, endpoint))];
        }

        using var resourceMetadata = await FirstDocumentAsync(candidates, McpDiscoveryFailure.ResourceMetadataUnavailable, "protected resource metadata", cancellationToken).ConfigureAwait(false);
        var root = resourceMetadata.RootElement;
        var resource = Address(root, "resource", "the protected resource metadata");
        if (!SameResource(expectedResource ?? endpoint, resource))
        {
            throw new McpDiscoveryException(McpDiscoveryFailure.ResourceMismatch, $"The server at {Canonical(expectedResource ?? endpoint)} publishes metadata for the resource {resource}: a token for it would be for another resource; refused (RFC 9728 §3.3).");
        }

        var servers = Strings(root, "authorization_servers");
        if (servers.Count == 0)
        {
            throw new McpDiscoveryException(McpDiscoveryFailure.InvalidMetadata, "The protected resource metadata names no authorization_servers.");
        }

        var issuer = trustedIssuers is null
            ? servers[0]
            : servers.FirstOrDefault(s => trustedIssuers.Contains(s, StringComparer.Ordinal))
                ?? throw new McpDiscoveryException(McpDiscoveryFailure.UntrustedAuthorizationServer, $"The server's authorization servers ({string.Join(", ", servers)}) include none this agent trusts ({string.Join(", ", trustedIssuers)}).");
        var issuerUri = new Uri(issuer, UriKind.Absolute);
        CheckAddress(issuerUri, "the authorization server");
        using var serverMetadata = await FirstDocumentAsync(AuthorizationServerMetadata(issuerUri), McpDiscoveryFailure.AuthorizationServerMetadataUnavailable, "authorization server metadata", cancellationToken).ConfigureAwait(false);
        var server = serverMetadata.RootElement;
        if (!server.TryGetProperty("issuer", out var named) || named.ValueKind != JsonValueKind.String || !string.Equals(named.GetString(), issuer, StringComparison.Ordinal))
        {
            throw new McpDiscoveryException(McpDiscoveryFailure.IssuerMismatch, $"The authorization server found as {issuer} names itself '{(named.ValueKind == JsonValueKind.String ? named.GetString() : null)}' in its metadata; refused (RFC 8414 §3.3).");
        }

        return new McpServerAuthorization(
            resource,
            servers,
            issuer,
            Address(server, "token_endpoint", "the authorization server metadata"),
            Strings(root, "scopes_supported"),
            challengeScopes,
            Strings(server, "token_endpoint_auth_methods_supported"));
    }

    /// <summary>Discovers the server's resource and authorization server, taking the first authorization server it names.</summary>
    /// <param name="endpoint">The MCP endpoint, as the client will call it.</param>
    /// <param name="cancellationToken">Cancels discovery.</param>
    /// <returns>The checked result.</returns>
    /// <exception cref="McpDiscoveryException">Discovery failed, or what it found is refused.</exception>
    public Task<McpServerAuthorization> DiscoverAsync(Uri endpoint, CancellationToken cancellationToken) =>
        DiscoverAsync(endpoint, trustedIssuers: null, expectedResource: null, cancellationToken);

    /// <summary>Whether <paramref name="resource"/> names <paramref name="endpoint"/>: the same origin, and the endpoint's path equal to or under the resource's.</summary>
    internal static bool SameResource(Uri endpoint, Uri resource)
    {
        if (!string.Equals(endpoint.GetLeftPart(UriPartial.Authority), resource.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrEmpty(resource.Query) || !string.IsNullOrEmpty(resource.Fragment))
        {
            return false;
        }

        var asked = endpoint.AbsolutePath.TrimEnd('/');
        var named = resource.AbsolutePath.TrimEnd('/');
        return asked.Length == named.Length ? string.Equals(asked, named, StringComparison.Ordinal) : asked.StartsWith(named + "/", StringComparison.Ordinal);
    }

    private static string Canonical(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Path);

    private static Uri Reached(Uri address, Uri resource, Uri endpoint) =>
        string.Equals(address.GetLeftPart(UriPartial.Authority), resource.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            ? new Uri(new Uri(endpoint.GetLeftPart(UriPartial.Authority)), address.PathAndQuery)
            : address;

    // RFC 8414 §3.1 path insertion, then OpenID discovery inserted and appended.
    private static List<Uri> AuthorizationServerMetadata(Uri issuer)
    {
        var list = new List<Uri>(WellKnown(issuer, "oauth-authorization-server").Take(1));
        list.AddRange(WellKnown(issuer, "openid-configuration").Take(1));
        if (issuer.AbsolutePath.Trim('/').Length > 0)
        {
            list.Add(new Uri(issuer.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/.well-known/openid-configuration"));
        }

        return list;
    }

    // The path-inserted location first (RFC 9728 §3.1, RFC 8414 §3.1), then the root one.
    private static Uri[] WellKnown(Uri address, string name)
    {
        var origin = address.GetLeftPart(UriPartial.Authority);
        var path = address.AbsolutePath.TrimEnd('/');
        var root = new Uri($"{origin}/.well-known/{name}");
        return path.Length == 0 ? [root] : [new Uri($"{origin}/.well-known/{name}{path}"), root];
    }

    private static void CheckAddress(Uri address, string what)
    {
        if (!address.IsAbsoluteUri || !(address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback)))
        {
            throw new McpDiscoveryException(McpDiscoveryFailure.InvalidMetadata, $"The address of {what}, '{address}', must be absolute https (http only on loopback).");
        }
    }

    private static Uri Address(JsonElement document, string member, string what)
    {
        if (!document.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var address))
        {
            throw new McpDiscoveryException(McpDiscoveryFailure.InvalidMetadata, $"{what} has no absolute '{member}'.");
        }

        CheckAddress(address, $"'{member}' in {what}");
        return address;
    }

    private static List<string> Strings(JsonElement document, string member) =>
        document.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(s => s.Length > 0)]
            : [];

    private async Task<(Uri? Metadata, IReadOnlyList<string> Scopes)> ProbeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(ProbeBody, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(request, McpDiscoveryFailure.ResourceMetadataUnavailable, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            throw new McpDiscoveryException(McpDiscoveryFailure.NotProtected, $"The server at {Canonical(endpoint)} answered an unauthenticated request with {(int)response.StatusCode}, not 401: it asks for no authorization.");
        }

        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && challenge.Parameter is { } parameters)
            {
                Uri? metadata = null;
                if (BearerChallenge.Parameter(parameters, "resource_metadata") is { } named)
                {
                    metadata = Uri.TryCreate(named, UriKind.Absolute, out var address)
                        ? address
                        : throw new McpDiscoveryException(McpDiscoveryFailure.InvalidMetadata, "The challenge's resource_metadata is not an absolute URI.");
                    CheckAddress(metadata, "the protected resource metadata");
                }

                return (metadata, BearerChallenge.Parameter(parameters, "scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
            }
        }

        return (null, []);
    }

    private async Task<JsonDocument> FirstDocumentAsync(IReadOnlyList<Uri> candidates, McpDiscoveryFailure failure, string what, CancellationToken cancellationToken)
    {
        var tried = new List<string>(candidates.Count);
        foreach (var candidate in candidates)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, candidate);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await SendAsync(request, failure, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                tried.Add($"{candidate} ({(int)response.StatusCode})");
                continue;
            }

            try
            {
                await response.Content.LoadIntoBufferAsync(MaxDocumentSize, cancellationToken).ConfigureAwait(false);
                var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw new McpDiscoveryException(McpDiscoveryFailure.InvalidMetadata, $"The {what} at {candidate} is not a JSON object.");
                }

                return document;
            }
            catch (Exception e) when (e is JsonException or HttpRequestException)
            {
                throw new McpDiscoveryException(McpDiscoveryFailure.InvalidMetadata, $"The {what} at {candidate} is not a JSON document of at most {MaxDocumentSize} bytes: {e.Message}");
            }
        }

        throw new McpDiscoveryException(failure, $"No {what} could be read (tried {string.Join(", ", tried)}).");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, McpDiscoveryFailure failure, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new McpDiscoveryException(failure, $"{request.RequestUri} could not be reached: {e.Message}");
        }

        if ((int)response.StatusCode is >= 300 and < 400)
        {
            response.Dispose();
            throw new McpDiscoveryException(failure, $"{request.RequestUri} answered with a redirect; discovery follows none.");
        }

        return response;
    }
}
