using AgentCore.Cli;
using AgentCore.Security.Gateway.Internal;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Gateway;

public sealed class GatewayConfigurationTests
{
    [Fact]
    public void SampleConfiguration_BindsFromJson_AndIsValid()
    {
        var options = GatewayCommand.Load(Path.Combine(RepoFiles.Root, "samples", "Gateway", "gateway.json"));

        GatewayOptionsValidator.Check(options).ShouldBeEmpty();
        var route = options.Ingress.ShouldHaveSingleItem();
        route.Mcp.ShouldBeTrue();
        route.Object.ShouldBe("tool:{tool}");
        route.Scopes.ShouldBe(["read:alerts"]);
        options.Agents.ShouldHaveSingleItem().Routes.ShouldHaveSingleItem().Resources.ShouldBe(["https://tools.homelab.example/mcp"]);
    }

    [Fact]
    public async Task Cli_Gateway_InvalidConfiguration_ExitsWithUsage_ListingTheProblems()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{ "Ingress": [ { "Path": "/mcp", "Upstream": "http://127.0.0.1:1/mcp", "Resource": "https://tools.example/mcp" } ] }""", TestContext.Current.CancellationToken);

            var (code, _, stderr) = await CliRunner.Run("gateway", "--config", file);

            code.ShouldBe(2);
            stderr.ShouldContain("Issuers must name at least one issuer");
            stderr.ShouldContain("declares neither Scopes nor a Relation");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cli_Gateway_UnknownSetting_IsRefused_NotIgnored()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{ "Ingres": [] }""", TestContext.Current.CancellationToken);

            var (code, _, stderr) = await CliRunner.Run("gateway", "--config", file);

            code.ShouldBe(2);
            stderr.ShouldContain("Ingres");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("tool:{tool}", true, null)]
    [InlineData("tool:{0}", false, null)]
    [InlineData("tool:{tool}", false, "names '{tool}'")]
    [InlineData("tool:{name}", true, "names '{name}'")]
    [InlineData("tool-{0}", false, "is not an object")]
    [InlineData("tool:{0", false, "unclosed")]
    public void ObjectTemplate_Check(string template, bool mcp, string? problem)
    {
        var result = ObjectTemplate.Check(template, mcp);

        if (problem is null)
        {
            result.ShouldBeNull();
        }
        else
        {
            result.ShouldNotBeNull().ShouldContain(problem);
        }
    }

    [Theory]
    [InlineData("echo", "tool:echo")]
    [InlineData("get-sum_v1.2~x", "tool:get-sum_v1.2~x")]
    [InlineData("echo#member", null)]
    [InlineData("a:b", null)]
    [InlineData("", null)]
    [InlineData("x y", null)]
    public void ObjectTemplate_Fill_TakesPlainNamesOnly(string tool, string? expected)
    {
        ObjectTemplate.Fill("tool:{tool}", tool, [], out var problem).ShouldBe(expected);
        (problem is null).ShouldBe(expected is not null);
    }

    [Theory]
    [InlineData("rsa", "RS256")]
    [InlineData("ec", "ES256")]
    public void Credential_PrivateKeyFile_SignsPrivateKeyJwtWithTheKeysAlgorithm(string kind, string algorithm)
    {
        var file = Path.GetTempFileName();
        try
        {
            using System.Security.Cryptography.AsymmetricAlgorithm key = kind == "rsa" ? System.Security.Cryptography.RSA.Create(2048) : System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
            var options = new AgentCore.Security.TokenExchange.TokenExchangeOptions();

            GatewayCredentials.Apply(new AgentCore.Security.Gateway.GatewayClientCredentialOptions { ClientId = "agent", PrivateKeyFile = file, PrivateKeyId = "k1" }, "/", options);

            options.ClientAuthentication.ShouldBe(AgentCore.Security.TokenExchange.ClientAuthenticationMethod.PrivateKeyJwt);
            options.ClientAssertionSigningCredentials.ShouldNotBeNull().Algorithm.ShouldBe(algorithm);
            options.ClientAssertionSigningCredentials.Key.KeyId.ShouldBe("k1");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Credential_SecretFileIsTrimmed_AssertionFileIsAWorkloadSource_AndAFileWithoutAKeyIsRefused()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "secret"), "s3cret\n");
            File.WriteAllText(Path.Combine(folder, "not-a-key.pem"), "hello");
            var secret = new AgentCore.Security.TokenExchange.TokenExchangeOptions();
            var assertion = new AgentCore.Security.TokenExchange.TokenExchangeOptions();

            GatewayCredentials.Apply(new AgentCore.Security.Gateway.GatewayClientCredentialOptions { ClientId = "a", ClientSecretFile = "secret" }, folder, secret);
            GatewayCredentials.Apply(new AgentCore.Security.Gateway.GatewayClientCredentialOptions { ClientId = "a", ClientAssertionFile = "token.jwt" }, folder, assertion);

            secret.ClientSecret.ShouldBe("s3cret");
            assertion.ClientAuthentication.ShouldBe(AgentCore.Security.TokenExchange.ClientAuthenticationMethod.ClientAssertion);
            assertion.ClientAssertionSource.ShouldBeOfType<AgentCore.Security.TokenExchange.WorkloadJwtFileAssertionSource>();
            Should.Throw<ArgumentException>(() => GatewayCredentials.Apply(new AgentCore.Security.Gateway.GatewayClientCredentialOptions { ClientId = "a", PrivateKeyFile = "not-a-key.pem", PrivateKeyId = "k" }, folder, new AgentCore.Security.TokenExchange.TokenExchangeOptions()))
                .Message.ShouldContain("no RSA or EC private key");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
