using System.Diagnostics;
using AgentCore.Security.OpenFga.Embedded.Check;

namespace AgentCore.Security.OpenFga;

/// <summary>
/// An in-process OpenFGA store: one current model and its tuples, answering Check with OpenFGA's
/// semantics. Thread-safe: checks read an immutable snapshot; writes and model changes replace it.
/// When the model changes, stored tuples are kept, and each Check ignores those the new model no longer allows.
/// </summary>
public sealed class EmbeddedFgaStore
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot;

    /// <summary>Initializes a new instance of the <see cref="EmbeddedFgaStore"/> class.</summary>
    /// <param name="model">The authorization model.</param>
    public EmbeddedFgaStore(FgaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _snapshot = new Snapshot(model, new Dictionary<(string Object, string Relation), StoredTuple[]>(), 0);
    }

    /// <summary>Gets or sets the current model; setting it keeps the stored tuples.</summary>
    public FgaModel Model
    {
        get => _snapshot.Model;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_writeLock)
            {
                _snapshot = _snapshot with { Model = value };
            }
        }
    }

    /// <summary>Gets the number of stored tuples.</summary>
    public int TupleCount => _snapshot.Count;

    /// <summary>Writes tuples, each checked against the current model.</summary>
    /// <param name="tuples">The tuples.</param>
    /// <exception cref="FgaModelException">A tuple is malformed or not allowed by the model; nothing is written.</exception>
    public void Write(IEnumerable<FgaTuple> tuples)
    {
        ArgumentNullException.ThrowIfNull(tuples);
        lock (_writeLock)
        {
            var snapshot = _snapshot;
            var parsed = new List<StoredTuple>();
            foreach (var tuple in tuples)
            {
                var error = Validate(snapshot.Model, tuple, out var stored);
                if (error is not null)
                {
                    throw new FgaModelException($"Tuple '{tuple}' cannot be written: {error}");
                }

                parsed.Add(stored!);
            }

            var index = new Dictionary<(string Object, string Relation), StoredTuple[]>(snapshot.Index);
            var count = snapshot.Count;
            foreach (var group in parsed.GroupBy(t => (t.Tuple.Object, t.Tuple.Relation)))
            {
                var existing = index.TryGetValue(group.Key, out var list) ? list : [];
                var added = group.Where(t => !existing.Any(e => SameKey(e.Tuple, t.Tuple))).DistinctBy(t => t.Tuple.User, StringComparer.Ordinal).ToArray();
                index[group.Key] = [.. existing, .. added];
                count += added.Length;
            }

            _snapshot = snapshot with { Index = index, Count = count };
        }
    }

    /// <summary>Deletes tuples (by user, relation and object); absent tuples are ignored.</summary>
    /// <param name="tuples">The tuples.</param>
    public void Delete(IEnumerable<FgaTuple> tuples)
    {
        ArgumentNullException.ThrowIfNull(tuples);
        lock (_writeLock)
        {
            var snapshot = _snapshot;
            var index = new Dictionary<(string Object, string Relation), StoredTuple[]>(snapshot.Index);
            var count = snapshot.Count;
            foreach (var tuple in tuples)
            {
                var key = (tuple.Object, tuple.Relation);
                if (index.TryGetValue(key, out var list))
                {
                    var kept = list.Where(t => !SameKey(t.Tuple, tuple)).ToArray();
                    count -= list.Length - kept.Length;
                    index[key] = kept;
                }
            }

            _snapshot = snapshot with { Index = index, Count = count };
        }
    }

    /// <summary>
    /// Answers a Check with the current model and tuples. As OpenFGA's Check does, an unknown type or
    /// relation in the request is <see cref="FgaErrorCode.ValidationError"/> (2000); an invalid contextual
    /// tuple is <see cref="FgaErrorCode.InvalidTuple"/> (2027).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>Allowed or not, or an OpenFGA error (never an exception for a bad request).</returns>
    public FgaCheckResult Check(FgaCheckRequest request) => Check(request, trace: null);

    /// <summary>
    /// Answers a Check and says why: the path the evaluation took through the model, one step per line (each
    /// relation with its definition and result, every tuple read with its condition's result, each part of a
    /// union, intersection or exclusion). The answer is the one <see cref="Check(FgaCheckRequest)"/> gives.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The answer and its steps.</returns>
    public FgaExplanation Explain(FgaCheckRequest request)
    {
        var trace = new CheckTrace();
        var result = Check(request, trace);
        return new FgaExplanation(result, trace.Lines);
    }

    private FgaCheckResult Check(FgaCheckRequest request, CheckTrace? trace)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = _snapshot;
        var model = snapshot.Model;
        if (!ObjectRef.TryParseObject(request.Object, out var obj))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"invalid object '{request.Object}'");
        }

        var invalidUser = ValidateUser(model, request.User, out var user);
        if ((ValidateRelation(model, obj.Type, request.Relation) ?? invalidUser) is { } invalid)
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, invalid);
        }

        if (Engine(snapshot, request.ContextualTuples, request.Context, out var engine, trace) is { } badTuple)
        {
            return FgaCheckResult.Error(FgaErrorCode.InvalidTuple, badTuple);
        }

        return ToResult(engine!.Check(obj, request.Relation, user, 0));
    }

    /// <summary>
    /// Answers a ListObjects: every object of the type on which the user has the relation, each decided by Check,
    /// so conditions, intersection and exclusion mean what they mean there. As OpenFGA's list APIs answer, an
    /// unknown type is <see cref="FgaErrorCode.TypeNotFound"/> and an unknown relation
    /// <see cref="FgaErrorCode.RelationNotFound"/> (where Check says <see cref="FgaErrorCode.ValidationError"/>);
    /// an invalid user is <see cref="FgaErrorCode.ValidationError"/>, an invalid contextual tuple
    /// <see cref="FgaErrorCode.InvalidTuple"/>, and a candidate whose check fails (a condition missing a
    /// parameter, a resolution too deep) fails the whole list, as OpenFGA does. Every stored object of the type
    /// is a candidate (from an index by type, built once per store version), so the cost grows with the number of
    /// objects of that type, not with the store.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The objects (sorted), or an OpenFGA error; never an exception for a bad request.</returns>
    public FgaListResult ListObjects(FgaListObjectsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = _snapshot;
        var model = snapshot.Model;
        if (ListValidation(model, request.Type, request.Relation) is { } notFound)
        {
            return notFound;
        }

        if (ValidateUser(model, request.User, out var user) is { } invalid)
        {
            return FgaListResult.Error(FgaErrorCode.ValidationError, invalid);
        }

        if (Engine(snapshot, request.ContextualTuples, request.Context, out var engine) is { } badTuple)
        {
            return FgaListResult.Error(FgaErrorCode.InvalidTuple, badTuple);
        }

        var candidates = snapshot.ObjectsOf(request.Type)
            .Concat(request.ContextualTuples.Select(t => t.Object))
            .Where(o => o.StartsWith(request.Type + ":", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        if (request.MaxResults is < 1 || request.Deadline is { } d && d <= TimeSpan.Zero)
        {
            return FgaListResult.Error(FgaErrorCode.ValidationError, "MaxResults and Deadline must be positive when set");
        }

        var found = new List<string>();
        var started = Stopwatch.GetTimestamp();
        foreach (var candidate in candidates)
        {
            if (found.Count >= request.MaxResults || request.Deadline is { } deadline && Stopwatch.GetElapsedTime(started) > deadline)
            {
                return FgaListResult.Partial(found);
            }

            if (!ObjectRef.TryParseObject(candidate, out var obj))
            {
                continue;
            }

            var outcome = ToResult(engine!.Check(obj, request.Relation, user, 0));
            if (outcome.IsError)
            {
                return FgaListResult.Error(outcome.ErrorCode, $"{candidate}: {outcome.Message}");
            }

            if (outcome.Allowed)
            {
                found.Add(candidate);
            }
        }

        return FgaListResult.Of(found);
    }

    /// <summary>
    /// Answers a ListUsers: every user, wildcard or userset matching one of the filters (<c>user</c>,
    /// <c>group#member</c>) that has the relation on the object. Candidates are what the relation's rewrite
    /// reaches from the object; each is decided by Check. A wildcard is returned as <c>type:*</c>, and the users
    /// it stands for are not listed one by one. Errors as for <see cref="ListObjects"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The users (sorted), or an OpenFGA error; never an exception for a bad request.</returns>
    public FgaListResult ListUsers(FgaListUsersRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = _snapshot;
        var model = snapshot.Model;
        if (!ObjectRef.TryParseObject(request.Object, out var obj))
        {
            return FgaListResult.Error(FgaErrorCode.ValidationError, $"invalid object '{request.Object}'");
        }

        if (ListValidation(model, obj.Type, request.Relation) is { } notFound)
        {
            return notFound;
        }

        var filters = new List<(string Type, string? Relation)>();
        foreach (var filter in request.UserFilters)
        {
            var hash = filter.IndexOf('#', StringComparison.Ordinal);
            var (type, relation) = hash < 0 ? (filter, null) : (filter[..hash], filter[(hash + 1)..]);
            if (ListValidation(model, type, relation) is { } badFilter)
            {
                return FgaListResult.Error(badFilter.ErrorCode, "user filter: " + badFilter.Message);
            }

            filters.Add((type, relation));
        }

        if (Engine(snapshot, request.ContextualTuples, request.Context, out var engine) is { } badTuple)
        {
            return FgaListResult.Error(FgaErrorCode.InvalidTuple, badTuple);
        }

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        if (engine!.CollectUsers(obj, request.Relation, candidates) is { } failed)
        {
            return FgaListResult.Error(failed.Code, failed.Message ?? "list users failed");
        }

        var found = new List<string>();
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            if (!ObjectRef.TryParseUser(candidate, out var user) || !filters.Any(f => f.Type == user.Type && f.Relation == user.Relation))
            {
                continue;
            }

            var outcome = ToResult(engine.Check(obj, request.Relation, user, 0));
            if (outcome.IsError)
            {
                return FgaListResult.Error(outcome.ErrorCode, $"{candidate}: {outcome.Message}");
            }

            if (outcome.Allowed)
            {
                found.Add(candidate);
            }
        }

        return FgaListResult.Of(found);
    }

    /// <summary>Reads the stored tuples, optionally of one object and relation.</summary>
    /// <param name="obj">The object, or <see langword="null"/> for all.</param>
    /// <param name="relation">The relation, with <paramref name="obj"/>.</param>
    /// <returns>The tuples.</returns>
    public IReadOnlyList<FgaTuple> Read(string? obj = null, string? relation = null)
    {
        var index = _snapshot.Index;
        if (obj is not null && relation is not null)
        {
            return index.TryGetValue((obj, relation), out var list) ? list.Select(t => t.Tuple).ToArray() : [];
        }

        return index.Values.SelectMany(l => l).Select(t => t.Tuple).Where(t => obj is null || t.Object == obj).ToArray();
    }

    private static FgaCheckResult ToResult(Outcome outcome) => outcome.Kind switch
    {
        OutcomeKind.True => FgaCheckResult.FromAllowed(true),
        OutcomeKind.Error => FgaCheckResult.Error(outcome.Code, outcome.Message ?? "check failed"),
        _ => FgaCheckResult.FromAllowed(false),
    };

    // The list APIs answer an unknown type or relation with their own codes (2021, 2022), where Check says 2000.
    private static FgaListResult? ListValidation(FgaModel model, string type, string? relation) =>
        !model.Types.TryGetValue(type, out var definition) ? FgaListResult.Error(FgaErrorCode.TypeNotFound, $"type '{type}' not found")
        : relation is not null && !definition.Relations.ContainsKey(relation) ? FgaListResult.Error(FgaErrorCode.RelationNotFound, $"relation '{type}#{relation}' not found")
        : null;

    private static string? ValidateRelation(FgaModel model, string type, string relation) =>
        !model.Types.TryGetValue(type, out var definition) ? $"type '{type}' not found"
        : definition.Relations.ContainsKey(relation) ? null
        : $"relation '{type}#{relation}' not found";

    private static string? ValidateUser(FgaModel model, string text, out ObjectRef user)
    {
        if (!ObjectRef.TryParseUser(text, out user))
        {
            return $"invalid user '{text}'";
        }

        return !model.Types.TryGetValue(user.Type, out var userType) ? $"type '{user.Type}' of the user not found"
            : user.Relation is not null && !userType.Relations.ContainsKey(user.Relation) ? $"relation '{user.Type}#{user.Relation}' of the user not found"
            : null;
    }

    // The check engine over the snapshot and the request's contextual tuples, or why a contextual tuple is invalid.
    private static string? Engine(Snapshot snapshot, IReadOnlyList<FgaTuple> contextualTuples, IReadOnlyDictionary<string, object?>? context, out CheckEngine? engine, CheckTrace? trace = null)
    {
        engine = null;
        var contextual = new List<StoredTuple>(contextualTuples.Count);
        foreach (var tuple in contextualTuples)
        {
            var error = Validate(snapshot.Model, tuple, out var stored);
            if (error is not null)
            {
                return $"invalid contextual tuple '{tuple}': {error}";
            }

            contextual.Add(stored!);
        }

        engine = new CheckEngine(snapshot.Model, snapshot.Index, contextual, context, trace);
        return null;
    }

    private static bool SameKey(FgaTuple a, FgaTuple b) => a.User == b.User && a.Relation == b.Relation && a.Object == b.Object;

    private static string? Validate(FgaModel model, FgaTuple tuple, out StoredTuple? stored)
    {
        stored = null;
        if (!ObjectRef.TryParseObject(tuple.Object, out var obj) || obj.IsWildcard)
        {
            return $"invalid object '{tuple.Object}'";
        }

        if (!ObjectRef.TryParseUser(tuple.User, out var user))
        {
            return $"invalid user '{tuple.User}'";
        }

        if (!model.Types.ContainsKey(obj.Type))
        {
            return $"type '{obj.Type}' not found";
        }

        if (model.FindRelation(obj.Type, tuple.Relation) is null)
        {
            return $"relation '{obj.Type}#{tuple.Relation}' not found";
        }

        if (tuple.ConditionName is not null && !model.Conditions.ContainsKey(tuple.ConditionName))
        {
            return $"condition '{tuple.ConditionName}' not found";
        }

        if (!CheckEngine.Fits(model, obj, tuple.Relation, user, tuple.ConditionName))
        {
            return $"the model does not allow '{tuple.User}'{(tuple.ConditionName is null ? string.Empty : " with " + tuple.ConditionName)} in '{obj.Type}#{tuple.Relation}'";
        }

        stored = new StoredTuple(tuple, user);
        return null;
    }

    private sealed record Snapshot(FgaModel Model, Dictionary<(string Object, string Relation), StoredTuple[]> Index, int Count)
    {
        private ObjectIndex? _objectsByType;

        // The stored objects of each type, sorted: built once per tuple index, on the first ListObjects. It remembers
        // the index it was built from, because 'with' copies it into a snapshot whose index has changed; a race only
        // builds the same index twice.
        public string[] ObjectsOf(string type)
        {
            var cached = _objectsByType;
            if (cached is null || !ReferenceEquals(cached.Source, Index))
            {
                cached = _objectsByType = new ObjectIndex(Index, Index.Keys.Select(k => k.Object).Distinct(StringComparer.Ordinal)
                    .GroupBy(o => o[..o.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));
            }

            var index = cached.ByType;
            return index.TryGetValue(type, out var objects) ? objects : [];
        }
    }

    private sealed record ObjectIndex(Dictionary<(string Object, string Relation), StoredTuple[]> Source, Dictionary<string, string[]> ByType);
}
