using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>
/// A plain HTTP server on loopback Kestrel that records every request it receives (method, path and query,
/// headers, body) and answers with <c>respond</c>: a redirecting or misbehaving peer, or an attacker's sink.
/// </summary>
public sealed class RecordingHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingHost(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<RecordingHost> StartAsync(Func<HttpContext, Received, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new RecordingHost(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new Received(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(context.RequestAborted));
            host.Requests.Enqueue(received);
            await respond(context, received);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        host.BaseAddress = new Uri(app.Urls.First() + "/");
        return host;
    }

    /// <summary>A host that answers every request with a redirect to <paramref name="location"/>.</summary>
    public static Task<RecordingHost> RedirectingTo(Uri location, int status) => StartAsync((context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location.ToString();
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
}
