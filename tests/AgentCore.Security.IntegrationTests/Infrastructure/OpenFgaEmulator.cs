using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentCore.Security.OpenFga;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>
/// OpenFGA's HTTP API on loopback Kestrel, answered by the embedded store: the OpenFGA server cannot run
/// on these machines, so the HTTP client is tested against the same wire format over real sockets.
/// It records calls and Authorization headers, and can be told to fail.
/// </summary>
public sealed class OpenFgaEmulator : IAsyncDisposable
{
    public const string StoreId = "01HSTORE";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FgaModel> _models = new();

    private OpenFgaEmulator(WebApplication app, EmbeddedFgaStore store)
    {
        _app = app;
        Store = store;
    }

    public EmbeddedFgaStore Store { get; }

    public Uri ApiUrl { get; private set; } = null!;

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Gets or sets a fault every request meets: <c>500</c>, <c>429</c>, <c>malformed</c> (200 with a body that is not JSON), <c>slow</c> (5 s), or none.</summary>
    public string? Fault { get; set; }

    public static async Task<OpenFgaEmulator> StartAsync(FgaModel model)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var emulator = new OpenFgaEmulator(app, new EmbeddedFgaStore(model));
        app.Use(emulator.RecordAsync);
        app.MapPost("/stores/{store}/check", (Delegate)emulator.CheckAsync);
        app.MapPost("/stores/{store}/batch-check", (Delegate)emulator.BatchCheckAsync);
        app.MapPost("/stores/{store}/write", (Delegate)emulator.WriteAsync);
        app.MapPost("/stores/{store}/authorization-models", (Delegate)emulator.WriteModelAsync);
        app.MapGet("/stores/{store}/authorization-models/{id}", (string id) => emulator._models.TryGetValue(id, out var m)
            ? Results.Text(new JsonObject { ["authorization_model"] = WithId(m, id) }.ToJsonString(), "application/json")
            : Results.Json(new { code = "authorization_model_not_found", message = "no such model" }, statusCode: 404));
        app.MapGet("/stores/{store}/authorization-models", () => Results.Text(
            new JsonObject { ["authorization_models"] = new JsonArray([.. emulator._models.Select(p => (JsonNode)WithId(p.Value, p.Key))]) }.ToJsonString(), "application/json"));
        app.MapPost("/stores/{store}/list-objects", (Delegate)emulator.ListObjectsAsync);
        app.MapPost("/stores/{store}/streamed-list-objects", (Delegate)emulator.StreamedListObjectsAsync);
        app.MapPost("/stores/{store}/list-users", (Delegate)emulator.ListUsersAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        emulator.ApiUrl = new Uri(app.Urls.First());
        return emulator;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static JsonObject WithId(FgaModel model, string id)
    {
        var node = JsonNode.Parse(model.ToJson())!.AsObject();
        node["id"] = id;
        return node;
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        Calls.Enqueue(context.Request.Method + " " + context.Request.Path);
        Authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
        switch (Fault)
        {
            case "500" or "429":
                context.Response.StatusCode = int.Parse(Fault, System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("""{"code":"internal_error","message":"boom"}""");
                return;
            case "malformed":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"allowed": tru""");
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                break;
        }

        if (context.Request.RouteValues.TryGetValue("store", out var store) && store as string != StoreId
            || !context.Request.Path.StartsWithSegments("/stores/" + StoreId, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"code":"store_id_not_found","message":"no such store"}""");
            return;
        }

        await next(context);
    }

    private async Task<IResult> CheckAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var result = Store.Check(Request(body.RootElement));
        return result.IsError
            ? Results.Json(new { code = "validation_error", message = result.Message }, statusCode: 400)
            : Results.Json(new { allowed = result.Allowed });
    }

    private async Task<IResult> BatchCheckAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var checks = body.RootElement.GetProperty("checks");
        if (checks.GetArrayLength() > 50)
        {
            return Results.Json(new { code = "validation_error", message = "more than 50 checks" }, statusCode: 400);
        }

        var result = new JsonObject();
        foreach (var check in checks.EnumerateArray())
        {
            var answer = Store.Check(Request(check));
            result[check.GetProperty("correlation_id").GetString()!] = answer.IsError
                ? new JsonObject { ["allowed"] = false, ["error"] = new JsonObject { ["input_error"] = "validation_error", ["message"] = answer.Message } }
                : new JsonObject { ["allowed"] = answer.Allowed };
        }

        return Results.Text(new JsonObject { ["result"] = result }.ToJsonString(), "application/json");
    }

    private async Task<IResult> WriteAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        try
        {
            if (body.RootElement.TryGetProperty("writes", out var writes))
            {
                Store.Write(writes.GetProperty("tuple_keys").EnumerateArray().Select(Tuple).ToList());
            }

            if (body.RootElement.TryGetProperty("deletes", out var deletes))
            {
                Store.Delete(deletes.GetProperty("tuple_keys").EnumerateArray().Select(Tuple).ToList());
            }
        }
        catch (FgaModelException e)
        {
            return Results.Json(new { code = "validation_error", message = e.Message }, statusCode: 400);
        }

        return Results.Json(new { });
    }

    private async Task<IResult> WriteModelAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var model = FgaModel.ParseJson(await reader.ReadToEndAsync());
        var id = "01HMODEL" + _models.Count;
        _models[id] = model;
        Store.Model = model;
        return Results.Json(new { authorization_model_id = id });
    }

    private async Task<IResult> ListObjectsAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var result = Store.ListObjects(ListObjectsRequest(body.RootElement));
        return result.IsError ? ErrorResult(result) : Results.Json(new { objects = result.Items });
    }

    // As OpenFGA streams: one {"result":{"object":…}} line per object, flushed as it goes.
    private async Task StreamedListObjectsAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var result = Store.ListObjects(ListObjectsRequest(body.RootElement));
        if (result.IsError)
        {
            await ErrorResult(result).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "application/json";
        foreach (var item in result.Items)
        {
            await context.Response.WriteAsync(new JsonObject { ["result"] = new JsonObject { ["object"] = item } }.ToJsonString() + "\n");
            await context.Response.Body.FlushAsync();
        }
    }

    private async Task<IResult> ListUsersAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var obj = root.GetProperty("object");
        var result = Store.ListUsers(new FgaListUsersRequest
        {
            Object = obj.GetProperty("type").GetString() + ":" + obj.GetProperty("id").GetString(),
            Relation = root.GetProperty("relation").GetString()!,
            UserFilters = [.. root.GetProperty("user_filters").EnumerateArray().Select(f => f.GetProperty("type").GetString() + (f.TryGetProperty("relation", out var r) ? "#" + r.GetString() : string.Empty))],
            Context = root.TryGetProperty("context", out var ctx) ? FgaContext.FromJson(ctx) : null,
            ContextualTuples = root.TryGetProperty("contextual_tuples", out var contextual) ? [.. contextual.EnumerateArray().Select(Tuple)] : [],
        });
        if (result.IsError)
        {
            return ErrorResult(result);
        }

        var users = new JsonArray();
        foreach (var user in result.Items)
        {
            var (main, relation) = user.Split('#') is [var m, var r] ? (m, r) : (user, null);
            var (type, id) = (main[..main.IndexOf(':')], main[(main.IndexOf(':') + 1)..]);
            users.Add(id == "*" ? new JsonObject { ["wildcard"] = new JsonObject { ["type"] = type } }
                : relation is not null ? new JsonObject { ["userset"] = new JsonObject { ["type"] = type, ["id"] = id, ["relation"] = relation } }
                : new JsonObject { ["object"] = new JsonObject { ["type"] = type, ["id"] = id } });
        }

        return Results.Text(new JsonObject { ["users"] = users }.ToJsonString(), "application/json");
    }

    private static FgaListObjectsRequest ListObjectsRequest(JsonElement root) => new()
    {
        User = root.GetProperty("user").GetString()!,
        Relation = root.GetProperty("relation").GetString()!,
        Type = root.GetProperty("type").GetString()!,
        Context = root.TryGetProperty("context", out var context) ? FgaContext.FromJson(context) : null,
        ContextualTuples = root.TryGetProperty("contextual_tuples", out var contextual) ? [.. contextual.GetProperty("tuple_keys").EnumerateArray().Select(Tuple)] : [],
    };

    private static IResult ErrorResult(FgaListResult result) => Results.Json(
        new
        {
            code = result.ErrorCode switch { FgaErrorCode.TypeNotFound => "type_not_found", FgaErrorCode.RelationNotFound => "relation_not_found", _ => "validation_error" },
            message = result.Message,
        },
        statusCode: 400);

    private static FgaCheckRequest Request(JsonElement element)
    {
        var key = element.GetProperty("tuple_key");
        return new FgaCheckRequest
        {
            User = key.GetProperty("user").GetString()!,
            Relation = key.GetProperty("relation").GetString()!,
            Object = key.GetProperty("object").GetString()!,
            Context = element.TryGetProperty("context", out var context) ? FgaContext.FromJson(context) : null,
            ContextualTuples = element.TryGetProperty("contextual_tuples", out var contextual) ? contextual.GetProperty("tuple_keys").EnumerateArray().Select(Tuple).ToList() : [],
        };
    }

    private static FgaTuple Tuple(JsonElement element) => new(
        element.GetProperty("user").GetString()!,
        element.GetProperty("relation").GetString()!,
        element.GetProperty("object").GetString()!,
        element.TryGetProperty("condition", out var condition) ? condition.GetProperty("name").GetString() : null,
        element.TryGetProperty("condition", out var c) && c.TryGetProperty("context", out var ctx) ? FgaContext.FromJson(ctx) : null);
}
