using System.Net.Http.Json;
using System.Text.Json;
using AgentCore.Security.DevTokenService;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>What a user's app does to get the first token: the password grant (development service only).</summary>
public static class TokenServiceClient
{
    public static async Task<string> UserTokenAsync(DevTokenServer server, string user, string audience, string scope)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "homelab-cli",
            ["username"] = user,
            ["password"] = Fleet.UserPassword,
            ["scope"] = scope,
            [Uri.IsWellFormedUriString(audience, UriKind.Absolute) ? "resource" : "audience"] = audience,
        }), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }
}
