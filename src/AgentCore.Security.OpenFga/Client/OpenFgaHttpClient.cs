// Over 400 lines on purpose: one client for OpenFGA's HTTP API (Check, BatchCheck, writes, credentials,
// error mapping). Its calls share one request and error path; splitting would repeat it.
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using AgentCore.Security.OpenFga.Client.Internal;

namespace AgentCore.Security.OpenFga.Client;

/// <summary>
/// A small typed client for OpenFGA's HTTP API (the OpenFga.Sdk is not used): Check, BatchCheck (chunked
/// to the server's 50 checks a call, with correlation ids), Write and Delete tuples, WriteAuthorizationModel,
/// ReadAuthorizationModel(s) and ListObjects. Transport failures, timeouts, 5xx answers and unreadable
/// responses throw <see cref="FgaUnavailableException"/>; the authorizer turns that into a fail-closed denial.
/// Give it an HttpClient with a resilience pipeline (DI does).
/// </summary>
public sealed class OpenFgaHttpClient : IFgaCheckClient, IDisposable
{
    private static readonly OpenFgaJsonContext Json = OpenFgaJsonContext.Default;
    private readonly HttpClient _http;
    private readonly OpenFgaClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private readonly string _storePath;
    private string? _token;
    private DateTimeOffset _tokenExpiresAt;

    /// <summary>Initializes a new instance of the <see cref="OpenFgaHttpClient"/> class.</summary>
    /// <param name="http">The HTTP client (its BaseAddress is ignored; <see cref="OpenFgaClientOptions.ApiUrl"/> is used).</param>
    /// <param name="options">Server, store, model and credentials.</param>
    /// <param name="timeProvider">The clock for the client-credentials token.</param>
    /// <exception cref="ArgumentException">The options are incomplete; the message says what to set.</exception>
    public OpenFgaHttpClient(HttpClient http, OpenFgaClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid OpenFGA client options: " + string.Join(" ", errors), nameof(options));
        }

        _http = http;
        _options = options.Snapshot(); // read once: later changes to the caller's object change nothing
        _timeProvider = timeProvider ?? TimeProvider.System;
        _storePath = options.ApiUrl!.OriginalString.TrimEnd('/') + "/stores/" + Uri.EscapeDataString(options.StoreId!);
    }

    /// <inheritdoc />
    public string ModelId => _options.AuthorizationModelId ?? "latest";

    /// <summary>Releases the token lock; the HttpClient belongs to the caller.</summary>
    public void Dispose() => _tokenLock.Dispose();

    /// <summary>Checks the options and lists what to fix.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems; empty when the options are usable.</returns>
    public static List<string> Check(OpenFgaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ApiUrl is not { IsAbsoluteUri: true } api)
        {
            errors.Add("ApiUrl must be the server's absolute address.");
        }
        else if (options.RequireHttps && api.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"ApiUrl must use https (it is '{api}'); set RequireHttps = false only for loopback development.");
        }

        if (string.IsNullOrWhiteSpace(options.StoreId))
        {
            errors.Add("StoreId is required.");
        }

        if (options.MaxChecksPerBatch is < 1 or > 50)
        {
            errors.Add("MaxChecksPerBatch must be between 1 and 50 (OpenFGA's limit).");
        }

        if (options.Credentials == FgaCredentialsMethod.ApiToken && string.IsNullOrEmpty(options.ApiToken))
        {
            errors.Add("ApiToken is required with Credentials = ApiToken.");
        }

        if (options.Credentials == FgaCredentialsMethod.ClientCredentials && (options.TokenEndpoint is null || string.IsNullOrEmpty(options.ClientId) || string.IsNullOrEmpty(options.ClientSecret)))
        {
            errors.Add("TokenEndpoint, ClientId and ClientSecret are required with Credentials = ClientCredentials.");
        }

        return errors;
    }

    /// <summary>Runs one Check.</summary>
    /// <param name="check">The check.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer; a request the server refuses as invalid is an error result.</returns>
    public async ValueTask<FgaCheckResult> CheckAsync(FgaCheckRequest check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var body = new CheckRequestDto(TupleKey(check.User, check.Relation, check.Object), ContextualTuples(check.ContextualTuples), _options.AuthorizationModelId, Context(check.Context), Consistency());
        try
        {
            var response = await SendAsync(HttpMethod.Post, "/check", body, Json.CheckRequestDto, Json.CheckResponseDto, cancellationToken).ConfigureAwait(false);
            return FgaCheckResult.FromAllowed(response.Allowed);
        }
        catch (FgaApiException e) when (e.StatusCode == 400)
        {
            return FgaCheckResult.Error(ErrorCode(e.Code), e.Message);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FgaCheckResult>> BatchCheckAsync(IReadOnlyList<FgaCheckRequest> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new FgaCheckResult[checks.Count];
        for (var start = 0; start < checks.Count; start += _options.MaxChecksPerBatch)
        {
            var count = Math.Min(_options.MaxChecksPerBatch, checks.Count - start);
            var items = new List<BatchCheckItemDto>(count);
            for (var i = 0; i < count; i++)
            {
                var check = checks[start + i];
                items.Add(new BatchCheckItemDto(TupleKey(check.User, check.Relation, check.Object), ContextualTuples(check.ContextualTuples), Context(check.Context), (start + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            BatchCheckResponseDto response;
            try
            {
                response = await SendAsync(HttpMethod.Post, "/batch-check", new BatchCheckRequestDto(items, _options.AuthorizationModelId, Consistency()), Json.BatchCheckRequestDto, Json.BatchCheckResponseDto, cancellationToken).ConfigureAwait(false);
            }
            catch (FgaApiException e) when (e.StatusCode == 400)
            {
                for (var i = 0; i < count; i++)
                {
                    results[start + i] = FgaCheckResult.Error(ErrorCode(e.Code), e.Message);
                }

                continue;
            }

            for (var i = 0; i < count; i++)
            {
                var id = items[i].CorrelationId;
                if (response.Result is null || !response.Result.TryGetValue(id, out var single))
                {
                    throw new FgaUnavailableException($"OpenFGA's BatchCheck answer has no result for correlation id {id}.");
                }

                results[start + i] = single.Error is { } error
                    ? FgaCheckResult.Error(ErrorCode(error.InputError), error.Message ?? error.InputError ?? error.InternalError ?? "check failed")
                    : FgaCheckResult.FromAllowed(single.Allowed);
            }
        }

        return results;
    }

    /// <summary>Writes and deletes tuples in one call.</summary>
    /// <param name="writes">Tuples to write.</param>
    /// <param name="deletes">Tuples to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has accepted the write.</returns>
    public async Task WriteAsync(IEnumerable<FgaTuple>? writes, IEnumerable<FgaTuple>? deletes = null, CancellationToken cancellationToken = default)
    {
        var w = writes?.Select(t => TupleKey(t.User, t.Relation, t.Object, t.ConditionName, t.ConditionContext)).ToList();
        var d = deletes?.Select(t => TupleKey(t.User, t.Relation, t.Object)).ToList();
        var body = new WriteRequestDto(w is { Count: > 0 } ? new TupleKeysDto(w) : null, d is { Count: > 0 } ? new TupleKeysDto(d) : null, _options.AuthorizationModelId);
        using var content = JsonContent.Create(body, Json.WriteRequestDto);
        using var response = await SendRawAsync(HttpMethod.Post, "/write", content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a model; the store's latest model becomes this one.</summary>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new model's id.</returns>
    public async Task<string> WriteAuthorizationModelAsync(FgaModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var content = new StringContent(model.ToJson(), Encoding.UTF8, "application/json");
        using var response = await SendRawAsync(HttpMethod.Post, "/authorization-models", content, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(response, Json.WriteModelResponseDto, cancellationToken).ConfigureAwait(false)).AuthorizationModelId;
    }

    /// <summary>Reads one model.</summary>
    /// <param name="id">The model id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model.</returns>
    public async Task<FgaModel> ReadAuthorizationModelAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var response = await SendRawAsync(HttpMethod.Get, "/authorization-models/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ParseModel(text);
    }

    /// <summary>Reads the store's models, newest first (one page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models with their ids.</returns>
    public async Task<IReadOnlyList<(string Id, FgaModel Model)>> ReadAuthorizationModelsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "/authorization-models", null, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var models = new List<(string, FgaModel)>();
            foreach (var element in document.RootElement.GetProperty("authorization_models").EnumerateArray())
            {
                models.Add((element.GetProperty("id").GetString()!, FgaModel.ParseJson(element.GetRawText())));
            }

            return models;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FgaModelException)
        {
            throw new FgaUnavailableException($"OpenFGA's models answer is not readable: {e.Message}", e);
        }
    }

    /// <summary>Lists the objects of <paramref name="type"/> on which <paramref name="user"/> has <paramref name="relation"/>.</summary>
    /// <param name="user">The user.</param>
    /// <param name="relation">The relation.</param>
    /// <param name="type">The object type.</param>
    /// <param name="context">The request context, if any.</param>
    /// <param name="contextualTuples">Contextual tuples, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The objects.</returns>
    public async Task<IReadOnlyList<string>> ListObjectsAsync(string user, string relation, string type, IReadOnlyDictionary<string, object?>? context = null, IReadOnlyList<FgaTuple>? contextualTuples = null, CancellationToken cancellationToken = default)
    {
        var body = new ListObjectsRequestDto(_options.AuthorizationModelId, type, relation, user, ContextualTuples(contextualTuples ?? []), Context(context), Consistency());
        var response = await SendAsync(HttpMethod.Post, "/list-objects", body, Json.ListObjectsRequestDto, Json.ListObjectsResponseDto, cancellationToken).ConfigureAwait(false);
        return response.Objects ?? [];
    }

    /// <summary>
    /// Streams the objects of a ListObjects as OpenFGA finds them (<c>streamed-list-objects</c>: one JSON object per
    /// line), so a caller can stop early and no result limit applies.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call and the stream.</param>
    /// <returns>The objects, as they arrive.</returns>
    /// <exception cref="FgaApiException">OpenFGA refused the request (an unknown type or relation, say).</exception>
    /// <exception cref="FgaUnavailableException">OpenFGA could not be reached, failed, or sent a line that cannot be read.</exception>
    public async IAsyncEnumerable<string> StreamedListObjectsAsync(FgaListObjectsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new ListObjectsRequestDto(_options.AuthorizationModelId, request.Type, request.Relation, request.User, ContextualTuples(request.ContextualTuples), Context(request.Context), Consistency());
        using var content = JsonContent.Create(body, Json.ListObjectsRequestDto);
        using var response = await SendRawAsync(HttpMethod.Post, "/streamed-list-objects", content, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            StreamedListObjectsLineDto? item;
            try
            {
                item = JsonSerializer.Deserialize(line, Json.StreamedListObjectsLineDto);
            }
            catch (JsonException e)
            {
                throw new FgaUnavailableException($"OpenFGA's streamed answer is not readable: {e.Message}", e);
            }

            if (item?.Error is { } error)
            {
                throw new FgaUnavailableException($"OpenFGA's stream ended with an error: {error.Message}");
            }

            if (item?.Result?.Object is { } found)
            {
                yield return found;
            }
        }
    }

    /// <summary>
    /// Asks OpenFGA's ListUsers: the users matching the filters (<c>user</c>, <c>group#member</c>) that have the
    /// relation on the object. Users come back as <c>user:anne</c>, wildcards as <c>user:*</c>, usersets as
    /// <c>group:eng#member</c>, sorted.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users.</returns>
    /// <exception cref="FgaApiException">OpenFGA refused the request.</exception>
    /// <exception cref="FgaUnavailableException">OpenFGA could not be reached or failed.</exception>
    public async Task<IReadOnlyList<string>> ListUsersAsync(FgaListUsersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var colon = request.Object.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"'{request.Object}' is not an object (type:id).", nameof(request));
        }

        var filters = request.UserFilters.Select(f => f.Split('#', 2) is [var type, var relation] ? new UserTypeFilterDto(type, relation) : new UserTypeFilterDto(f, null)).ToList();
        var body = new ListUsersRequestDto(
            _options.AuthorizationModelId,
            new FgaObjectDto(request.Object[..colon], request.Object[(colon + 1)..]),
            request.Relation,
            filters,
            request.ContextualTuples.Count == 0 ? null : [.. request.ContextualTuples.Select(t => TupleKey(t.User, t.Relation, t.Object, t.ConditionName, t.ConditionContext))],
            Context(request.Context),
            Consistency());
        var response = await SendAsync(HttpMethod.Post, "/list-users", body, Json.ListUsersRequestDto, Json.ListUsersResponseDto, cancellationToken).ConfigureAwait(false);
        return [.. (response.Users ?? []).Select(User).OfType<string>().Order(StringComparer.Ordinal)];

        static string? User(ListedUserDto user) =>
            user.Object is { } o ? $"{o.Type}:{o.Id}"
            : user.Userset is { } u ? $"{u.Type}:{u.Id}#{u.Relation}"
            : user.Wildcard is { } w ? $"{w.Type}:*"
            : null;
    }

    private static FgaModel ParseModel(string text)
    {
        try
        {
            return FgaModel.ParseJson(text);
        }
        catch (FgaModelException e)
        {
            throw new FgaUnavailableException($"OpenFGA's model answer is not readable: {e.Message}", e);
        }
    }

    private static FgaErrorCode ErrorCode(string? code) => code switch
    {
        "type_not_found" => FgaErrorCode.TypeNotFound,
        "relation_not_found" => FgaErrorCode.RelationNotFound,
        "invalid_tuple" => FgaErrorCode.InvalidTuple,
        "authorization_model_resolution_too_complex" => FgaErrorCode.ResolutionTooComplex,
        _ => FgaErrorCode.ValidationError,
    };

    private static TupleKeyDto TupleKey(string user, string relation, string obj, string? condition = null, IReadOnlyDictionary<string, object?>? context = null) =>
        new(user, relation, obj, condition is null ? null : new RelationshipConditionDto(condition, Context(context)));

    private static TupleKeysDto? ContextualTuples(IReadOnlyList<FgaTuple> tuples) =>
        tuples.Count == 0 ? null : new TupleKeysDto(tuples.Select(t => TupleKey(t.User, t.Relation, t.Object, t.ConditionName, t.ConditionContext)).ToList());

    private static Dictionary<string, JsonElement>? Context(IReadOnlyDictionary<string, object?>? context)
    {
        if (context is null || context.Count == 0)
        {
            return null;
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in context)
            {
                writer.WritePropertyName(key);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case double d: writer.WriteNumberValue(d); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    private string? Consistency() => _options.Consistency switch
    {
        FgaConsistency.MinimizeLatency => "MINIMIZE_LATENCY",
        FgaConsistency.HigherConsistency => "HIGHER_CONSISTENCY",
        _ => null,
    };

    private async Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(body, requestInfo);
        using var response = await SendRawAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseInfo, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(info, cancellationToken).ConfigureAwait(false)
                ?? throw new FgaUnavailableException("OpenFGA answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw new FgaUnavailableException($"OpenFGA's answer is not readable: {e.Message}", e);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, _storePath + path) { Content = content };
        if (await AuthorizationAsync(cancellationToken).ConfigureAwait(false) is { } authorization)
        {
            request.Headers.Authorization = authorization;
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            throw new FgaUnavailableException($"OpenFGA at {_options.ApiUrl} could not be reached: {e.GetType().Name}: {e.Message}", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            ErrorResponseDto? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync(Json.ErrorResponseDto, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
            }

            if (status >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests)
            {
                throw new FgaUnavailableException($"OpenFGA answered {status} {error?.Code}: {error?.Message ?? response.ReasonPhrase}");
            }

            throw new FgaApiException(status, error?.Code, error?.Message ?? response.ReasonPhrase ?? "request refused");
        }
    }

    private async ValueTask<AuthenticationHeaderValue?> AuthorizationAsync(CancellationToken cancellationToken)
    {
        switch (_options.Credentials)
        {
            case FgaCredentialsMethod.ApiToken:
                return new AuthenticationHeaderValue("Bearer", _options.ApiToken);
            case FgaCredentialsMethod.ClientCredentials:
                if (_token is { } cached && _timeProvider.GetUtcNow() < _tokenExpiresAt)
                {
                    return new AuthenticationHeaderValue("Bearer", cached);
                }

                await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (_token is null || _timeProvider.GetUtcNow() >= _tokenExpiresAt)
                    {
                        await FetchTokenAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return new AuthenticationHeaderValue("Bearer", _token);
                }
                finally
                {
                    _tokenLock.Release();
                }

            default:
                return null;
        }
    }

    private async Task FetchTokenAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = _options.ClientId!, ["client_secret"] = _options.ClientSecret! };
        if (_options.ApiAudience is { } audience)
        {
            form["audience"] = audience;
        }

        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(_options.TokenEndpoint, content, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync(Json.TokenResponseDto, cancellationToken).ConfigureAwait(false);
            _token = token?.AccessToken is { Length: > 0 } value ? value : throw new FgaUnavailableException("The token service answered without an access_token.");
            var lifetime = TimeSpan.FromSeconds(Math.Max((token.ExpiresIn ?? 300) - 60, 0));
            _tokenExpiresAt = _timeProvider.GetUtcNow() + lifetime;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new FgaUnavailableException($"The client-credentials token for OpenFGA could not be obtained: {e.Message}", e);
        }
    }
}
