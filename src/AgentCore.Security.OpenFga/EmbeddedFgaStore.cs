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
    public FgaCheckResult Check(FgaCheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = _snapshot;
        var model = snapshot.Model;
        if (!ObjectRef.TryParseObject(request.Object, out var obj))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"invalid object '{request.Object}'");
        }

        if (!ObjectRef.TryParseUser(request.User, out var user))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"invalid user '{request.User}'");
        }

        if (!model.Types.TryGetValue(obj.Type, out var type))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"type '{obj.Type}' not found");
        }

        if (!type.Relations.ContainsKey(request.Relation))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"relation '{obj.Type}#{request.Relation}' not found");
        }

        if (!model.Types.TryGetValue(user.Type, out var userType))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"type '{user.Type}' of the user not found");
        }

        if (user.Relation is not null && !userType.Relations.ContainsKey(user.Relation))
        {
            return FgaCheckResult.Error(FgaErrorCode.ValidationError, $"relation '{user.Type}#{user.Relation}' of the user not found");
        }

        var contextual = new List<StoredTuple>(request.ContextualTuples.Count);
        foreach (var tuple in request.ContextualTuples)
        {
            var error = Validate(model, tuple, out var stored);
            if (error is not null)
            {
                return FgaCheckResult.Error(FgaErrorCode.InvalidTuple, $"invalid contextual tuple '{tuple}': {error}");
            }

            contextual.Add(stored!);
        }

        var outcome = new CheckEngine(model, snapshot.Index, contextual, request.Context).Check(obj, request.Relation, user, 0);
        return outcome.Kind switch
        {
            OutcomeKind.True => FgaCheckResult.FromAllowed(true),
            OutcomeKind.Error => FgaCheckResult.Error(outcome.Code, outcome.Message ?? "check failed"),
            _ => FgaCheckResult.FromAllowed(false),
        };
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

    private sealed record Snapshot(FgaModel Model, Dictionary<(string Object, string Relation), StoredTuple[]> Index, int Count);
}
