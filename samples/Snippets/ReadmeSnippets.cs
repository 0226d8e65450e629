#pragma warning disable SA1123, SA1124, SA1402, SA1649, CA1812, CA2007, CA2234, CA1303, CA1848 // documentation code: several small types, written as a reader would
using System.Net.Http.Json;
using AgentCore.Security;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.Jwt;
using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Client;
using AgentCore.Security.Pipeline;
using AgentCore.Security.Skills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Snippets;

public sealed record ReadAlertsRequest(string Severity);

public sealed record ReadAlertsResponse(IReadOnlyList<string> Alerts);

#region snippet: readme-minimal-agent
[RequireScope("read:alerts")]
[RequireRelation("reader", "alerts:homelab")]      // every principal of the chain must be a reader
public sealed class ReadAlertsSkill(AgentCallServices services, IHttpClientFactory http)
    : BaseSkill<ReadAlertsRequest, ReadAlertsResponse>(services)
{
    protected override async Task<ReadAlertsResponse> ExecuteAsync(SkillContext context, ReadAlertsRequest input, CancellationToken cancellationToken)
    {
        // context.Chain: alice → coordinator → security-agent, verified. This call carries a NEW token
        // (aud alerts-api, scope read:alerts, act = security-agent → coordinator), never the inbound one.
        using var response = await http.CreateClient("alerts-api").PostAsJsonAsync("alerts", input, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ReadAlertsResponse>(cancellationToken))!;
    }
}
#endregion

public static class ReadmeSnippets
{
    public static void ExportOverOtlp(WebApplicationBuilder builder)
    {
        #region snippet: readme-otlp
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(AgentCoreSecurityTelemetry.ActivitySourceName) // exchange and decision spans
                .AddSource("Microsoft.AspNetCore", "System.Net.Http")     // the hops, so one request is one trace
                .AddOtlpExporter())                                      // OTEL_EXPORTER_OTLP_ENDPOINT (default localhost:4317)
            .WithMetrics(metrics => metrics
                .AddMeter(AgentCoreSecurityTelemetry.MeterName)
                .AddOtlpExporter());
        #endregion
    }

    public static void ServiceRegistration(WebApplicationBuilder builder)
    {
        #region snippet: readme-service-registration
        builder.Services.AddAgentTokenChain()
            .AddValidator()                 // AgentTokenChain:Validator
            .AddAuthorizer()                // AgentTokenChain:Authorization
            .AddTokenExchange()             // AgentTokenChain:TokenExchange
            .UseForAllHttpClients()         // every IHttpClientFactory client exchanges
            .AddSkill<ReadAlertsSkill>();
        builder.Services.AddHttpClient("alerts-api", c => c.BaseAddress = new("https://alerts.internal/"))
            .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] });
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme)
            .AddAgentToken(o => o.Resource = new("https://security-agent.internal/"));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAgentCallContext();          // every authenticated endpoint runs as its caller's call
        app.MapSkill<ReadAlertsSkill>("/skills/read-alerts");
        #endregion
    }

    public static async Task<IResult> ValidateAsync(string bearerToken)
    {
        #region snippet: core-validate
        var options = new TokenChainValidatorOptions { Audience = "security-agent" };
        options.Issuers.Add(new TrustedIssuer("https://idp.example")
        {
            MetadataAddress = new Uri("https://idp.example/.well-known/openid-configuration"),
        });
        using var validator = new TokenChainValidator(options);
        await validator.LoadKeysAsync();

        var result = await validator.ValidateAsync(bearerToken);
        if (!result.IsValid)
        {
            return Results.Unauthorized(); // result.Status and result.Message say why; log them, never the token
        }

        var chain = result.Chain!;           // alice → coordinator → security-agent
        Console.WriteLine($"{chain.Subject} via {chain.CurrentActor?.Subject}, scopes {string.Join(' ', chain.Scopes)}");
        #endregion
        return Results.Ok();
    }

    public static async Task ExchangeAsync(WebApplicationBuilder builder, IHttpClientFactory httpClientFactory, JwtValidationResult result, string inboundToken)
    {
        #region snippet: core-exchange
        builder.Services.AddAgentTokenChain()
            .AddTokenExchange(o =>
            {
                o.Authority = new Uri("https://idp.example/");   // or TokenEndpoint
                o.ClientId = "security-agent";
                o.ClientSecret = builder.Configuration["AgentSecret"];
            })
            .UseForAllHttpClients();                              // every IHttpClientFactory client exchanges

        builder.Services.AddHttpClient("alerts", c => c.BaseAddress = new Uri("https://alerts.example/"))
            .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] });

        // A host of your own sets the context for the call it serves (UseAgentCallContext and MapSkill do it for you):
        using (AgentCallContext.Begin(result.Chain!, inboundToken))
        {
            await httpClientFactory.CreateClient("alerts").GetAsync("alerts"); // carries a new token: aud=alerts-api,
        }                                                                      // scope=read:alerts, act={sub: security-agent, …}
        #endregion
    }

    public static async Task AuthorizeAsync(WebApplicationBuilder builder, IDelegationAuthorizer authorizer, ValidatedChain chain)
    {
        #region snippet: openfga-register
        // Small fleets, tests, samples: the embedded evaluator, from an OpenFGA CLI store file.
        builder.Services.AddAgentTokenChain().AddAuthorizer(o => o.StoreFile = "fleet.fga.yaml");

        // Production: an OpenFGA server (resilient HttpClient; BatchCheck, one round trip per chain).
        // Or bind either from AgentTokenChain:Authorization with AddAuthorizer().
        builder.Services.AddAgentTokenChain().AddAuthorizer(o =>
        {
            o.OpenFga.ApiUrl = new Uri("https://fga.internal");
            o.OpenFga.StoreId = "01J…";
            o.OpenFga.AuthorizationModelId = "01J…";   // pin it; the decision cache keys on it
            o.OpenFga.Credentials = FgaCredentialsMethod.ApiToken;
            o.OpenFga.ApiToken = builder.Configuration["Fga:Token"];
        });

        // At the point of use, after the validator:
        var decision = await authorizer.AuthorizeAsync(chain, "reader", "alerts:homelab");
        if (!decision.Allowed)
        {
            // decision.Reason (PrincipalDenied, PolicyEngineUnavailable, PolicyError) and decision.DeniedPrincipal say why
        }
        #endregion
    }

    public static void AspNetCoreProgram(string[] args)
    {
        #region snippet: aspnetcore-program
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAgentTokenChain()
            .AddValidator()                 // AgentTokenChain:Validator
            .AddAuthorizer()                // AgentTokenChain:Authorization (store file or OpenFGA server)
            .AddTokenExchange()             // AgentTokenChain:TokenExchange
            .UseForAllHttpClients()
            .AddSkill<ReadAlertsSkill>();
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme)
            .AddAgentToken(o => o.Resource = new Uri("https://security-agent.example/"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAgentCallContext();   // any endpoint the scheme authenticated runs as its caller's call
        app.MapSkill<ReadAlertsSkill>("/skills/read-alerts");
        app.MapProtectedResourceMetadata(m =>
        {
            m.Resource = "https://security-agent.example/"; // RFC 9728: an absolute https URI
            m.AuthorizationServers.Add("https://idp.example/");
        });
        app.Run();
        #endregion
    }
}
