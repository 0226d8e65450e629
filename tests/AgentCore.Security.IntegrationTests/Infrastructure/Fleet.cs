using AgentCore.Security.DevTokenService;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>The clients, users and scopes of the test fleet, registered with the development token service.</summary>
public static class Fleet
{
    public const string UserPassword = "alice-password";

    /// <summary>The canonical URI of the test MCP server (its tokens' audience and RFC 8707 resource).</summary>
    public const string McpResource = "https://alerts-mcp.example/mcp";

    public static DevTokenServiceOptions Options(string algorithm = "RS256", Microsoft.IdentityModel.Tokens.JsonWebKeySet? keyAgentKeys = null) => new()
    {
        SigningAlgorithm = algorithm,
        Clients =
        [
            new DevClient { ClientId = "homelab-cli", AllowPassword = true, AllowClientCredentials = false, AllowTokenExchange = false, AllowedAudiences = ["coordinator", "network-agent", "key-agent", McpResource], AllowedScopes = ["triage", "read:alerts", "write:network"] },
            new DevClient { ClientId = "coordinator", ClientSecret = "coordinator-secret", AllowedAudiences = ["security-agent", "network-agent", McpResource], AllowedScopes = ["triage", "read:alerts", "write:network"] },
            new DevClient { ClientId = "security-agent", ClientSecret = "security-secret", AllowedAudiences = ["alerts-api"], AllowedScopes = ["read:alerts"] },
            new DevClient { ClientId = "network-agent", ClientSecret = "network-secret", AllowedAudiences = ["network-api"], AllowedScopes = ["write:network"] },
            new DevClient { ClientId = "key-agent", JsonWebKeySet = keyAgentKeys, AllowedAudiences = ["alerts-api"], AllowedScopes = ["read:alerts"] },
        ],
        Users =
        [
            new DevUser { Username = "alice", Password = UserPassword, Scopes = ["triage", "read:alerts", "write:network"] },
            new DevUser { Username = "bob", Password = UserPassword, Scopes = ["triage", "read:alerts"], MayAct = "coordinator" },
        ],
    };
}
