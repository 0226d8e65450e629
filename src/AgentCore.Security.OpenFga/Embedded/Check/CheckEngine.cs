using AgentCore.Security.OpenFga.Embedded.Cel;
using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <summary>
/// OpenFGA Check semantics over one model and one tuple snapshot (internal/graph/check.go upstream):
/// direct tuples (with wildcards, usersets and conditions), computed usersets, tuple-to-userset, union,
/// intersection and exclusion; cycles along a path; a resolution depth limit of 25; stored tuples that
/// no longer fit the model are ignored.
/// </summary>
internal sealed partial class CheckEngine
{
    public const int MaxResolutionDepth = 25;

    private readonly FgaModel _model;
    private readonly IReadOnlyDictionary<(string Object, string Relation), StoredTuple[]> _stored;
    private readonly Dictionary<(string Object, string Relation), List<StoredTuple>>? _contextual;
    private readonly IReadOnlyDictionary<string, object?> _context;
    private readonly HashSet<(string Object, string Relation, string User)> _path = [];
    private readonly CheckTrace? _trace;

    public CheckEngine(FgaModel model, IReadOnlyDictionary<(string Object, string Relation), StoredTuple[]> stored, IReadOnlyList<StoredTuple> contextual, IReadOnlyDictionary<string, object?>? context, CheckTrace? trace = null)
    {
        _trace = trace;
        _model = model;
        _stored = stored;
        _context = context ?? EmptyContext;
        if (contextual.Count > 0)
        {
            _contextual = [];
            foreach (var tuple in contextual)
            {
                var key = (tuple.Tuple.Object, tuple.Tuple.Relation);
                if (!_contextual.TryGetValue(key, out var list))
                {
                    _contextual[key] = list = [];
                }

                list.Add(tuple);
            }
        }
    }

    private static IReadOnlyDictionary<string, object?> EmptyContext { get; } = new Dictionary<string, object?>();

    public Outcome Check(ObjectRef obj, string relation, ObjectRef user, int depth)
    {
        // A userset asked about itself: group:x#member is a member of group:x#member.
        if (user.Relation is not null && user.Relation == relation && user.Type == obj.Type && user.Id == obj.Id)
        {
            _trace?.Note($"{obj.Object}#{relation} for {user.Text}: a userset is related to itself → true");
            return Outcome.True;
        }

        if (depth >= MaxResolutionDepth)
        {
            _trace?.Note($"{obj.Object}#{relation}: resolution depth exceeded (25)");
            return Outcome.Error(FgaErrorCode.ResolutionTooComplex, "resolution depth exceeded (25)");
        }

        var definition = _model.FindRelation(obj.Type, relation);
        if (definition is null)
        {
            _trace?.Note($"{obj.Object}#{relation}: '{obj.Type}' has no relation '{relation}' → false");
            return Outcome.False;
        }

        var visit = (obj.Object, relation, user.Text);
        if (!_path.Add(visit))
        {
            _trace?.Note($"{obj.Object}#{relation} for {user.Text}: already on this path → cycle (false)");
            return Outcome.Cycle;
        }

        try
        {
            if (_trace is null)
            {
                return Evaluate(obj, definition, definition.Rewrite, user, depth);
            }

            var step = _trace.Begin($"{obj.Object}#{relation} for {user.Text}, defined as {(definition.Rewrite is ThisRewrite ? "directly assigned" : definition.Rewrite)}");
            var outcome = Evaluate(obj, definition, definition.Rewrite, user, depth);
            _trace.End(step, outcome);
            return outcome;
        }
        finally
        {
            _path.Remove(visit);
        }
    }

    /// <summary>Whether a tuple fits the current model: its relation allows its user type (and wildcard or userset form) with exactly its condition.</summary>
    public static bool Fits(FgaModel model, ObjectRef obj, string relation, ObjectRef user, string? condition)
    {
        if (!model.Types.ContainsKey(user.Type) || model.FindRelation(obj.Type, relation) is not { } definition)
        {
            return false;
        }

        foreach (var allowed in definition.DirectTypes)
        {
            if (allowed.Type != user.Type || !string.Equals(allowed.Condition, condition, StringComparison.Ordinal))
            {
                continue;
            }

            if (user.IsWildcard ? allowed.Wildcard : !allowed.Wildcard && string.Equals(allowed.Relation, user.Relation, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private Outcome Evaluate(ObjectRef obj, RelationDefinition definition, Rewrite rewrite, ObjectRef user, int depth)
    {
        if (_trace is null || rewrite == definition.Rewrite || rewrite is ComputedRewrite)
        {
            return EvaluateCore(obj, definition, rewrite, user, depth);
        }

        // A part of a union, intersection or exclusion: its own step, so the explanation shows which part decided.
        var step = _trace.Begin(rewrite is ThisRewrite ? "directly assigned" : rewrite.ToString());
        var outcome = EvaluateCore(obj, definition, rewrite, user, depth);
        _trace.End(step, outcome);
        return outcome;
    }

    private Outcome EvaluateCore(ObjectRef obj, RelationDefinition definition, Rewrite rewrite, ObjectRef user, int depth) => rewrite switch
    {
        ThisRewrite => Direct(obj, definition.Name, user, depth),
        ComputedRewrite computed => Check(obj, computed.Relation, user, depth + 1),
        TupleToUsersetRewrite ttu => TupleToUserset(obj, ttu, user, depth),
        SetRewrite { IsUnion: true } union => Union(obj, definition, union, user, depth),
        SetRewrite intersection => Intersection(obj, definition, intersection, user, depth),
        DifferenceRewrite difference => Difference(obj, definition, difference, user, depth),
        _ => Outcome.Error(FgaErrorCode.ValidationError, "unknown rewrite"),
    };

    private Outcome Direct(ObjectRef obj, string relation, ObjectRef user, int depth)
    {
        var combined = default(UnionState);
        foreach (var tuple in Read(obj, relation))
        {
            var tupleUser = tuple.User;
            if (!Fits(_model, obj, relation, tupleUser, tuple.Tuple.ConditionName))
            {
                continue; // no longer allowed by the model: neither an error nor a grant
            }

            Outcome outcome;
            if (tupleUser.Relation is null)
            {
                var matches = user.Relation is null && tupleUser.Type == user.Type && (tupleUser.IsWildcard || tupleUser.Id == user.Id);
                if (!matches)
                {
                    continue;
                }

                outcome = Condition(tuple);
                _trace?.Note($"tuple {tuple.Tuple}{Explained(tuple, outcome)}");
            }
            else if (tupleUser.Type == user.Type && tupleUser.Id == user.Id && tupleUser.Relation == user.Relation)
            {
                outcome = Condition(tuple);
                _trace?.Note($"tuple {tuple.Tuple}{Explained(tuple, outcome)}");
            }
            else
            {
                outcome = Condition(tuple);
                _trace?.Note($"tuple {tuple.Tuple}{Explained(tuple, outcome)}: is {user.Text} in {tupleUser.Text}?");
                if (outcome.Kind == OutcomeKind.True)
                {
                    outcome = Check(tuple.UserObject, tupleUser.Relation, user, depth + 1);
                }
            }

            if (combined.Add(outcome))
            {
                return Outcome.True;
            }
        }

        return combined.Result;
    }

    private Outcome TupleToUserset(ObjectRef obj, TupleToUsersetRewrite ttu, ObjectRef user, int depth)
    {
        var combined = default(UnionState);
        foreach (var tuple in Read(obj, ttu.Tupleset))
        {
            var parent = tuple.User;
            if (parent.Relation is not null || parent.IsWildcard || !Fits(_model, obj, ttu.Tupleset, parent, tuple.Tuple.ConditionName))
            {
                continue;
            }

            if (_model.FindRelation(parent.Type, ttu.ComputedRelation) is null)
            {
                continue; // OpenFGA ignores a parent type that lacks the computed relation
            }

            var outcome = Condition(tuple);
            _trace?.Note($"tuple {tuple.Tuple}{Explained(tuple, outcome)}: {ttu.ComputedRelation} of {parent.Object}?");
            if (outcome.Kind == OutcomeKind.True)
            {
                outcome = Check(parent, ttu.ComputedRelation, user, depth + 1);
            }

            if (combined.Add(outcome))
            {
                return Outcome.True;
            }
        }

        return combined.Result;
    }

    private Outcome Union(ObjectRef obj, RelationDefinition definition, SetRewrite union, ObjectRef user, int depth)
    {
        var combined = default(UnionState);
        foreach (var child in union.Children)
        {
            if (combined.Add(Evaluate(obj, definition, child, user, depth)))
            {
                return Outcome.True;
            }
        }

        return combined.Result;
    }

    /// <summary>False (or a cycle, which counts as false) beats everything; otherwise an error; otherwise true.</summary>
    private Outcome Intersection(ObjectRef obj, RelationDefinition definition, SetRewrite intersection, ObjectRef user, int depth)
    {
        Outcome? error = null;
        foreach (var child in intersection.Children)
        {
            var outcome = Evaluate(obj, definition, child, user, depth);
            switch (outcome.Kind)
            {
                case OutcomeKind.False:
                    return Outcome.False;
                case OutcomeKind.Cycle:
                    return Outcome.False;
                case OutcomeKind.Error:
                    error ??= outcome;
                    break;
            }
        }

        return error ?? Outcome.True;
    }

    /// <summary>False if the base is false or the subtract is true (or a cycle: fail closed); otherwise an error on either side; otherwise true.</summary>
    private Outcome Difference(ObjectRef obj, RelationDefinition definition, DifferenceRewrite difference, ObjectRef user, int depth)
    {
        var @base = Evaluate(obj, definition, difference.Base, user, depth);
        if (@base.Kind is OutcomeKind.False or OutcomeKind.Cycle)
        {
            return Outcome.False;
        }

        var subtract = Evaluate(obj, definition, difference.Subtract, user, depth);
        if (subtract.Kind is OutcomeKind.True or OutcomeKind.Cycle)
        {
            return Outcome.False;
        }

        if (@base.Kind == OutcomeKind.Error)
        {
            return @base;
        }

        return subtract.Kind == OutcomeKind.Error ? subtract : Outcome.True;
    }

    private static string Explained(StoredTuple tuple, Outcome condition) =>
        tuple.Tuple.ConditionName is not null ? $", condition → {CheckTrace.Describe(condition)}" : string.Empty;

    private Outcome Condition(StoredTuple tuple)
    {
        var name = tuple.Tuple.ConditionName;
        if (name is null)
        {
            return Outcome.True;
        }

        if (!_model.Conditions.TryGetValue(name, out var condition))
        {
            return Outcome.False;
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (parameter, type) in condition.Parameters)
        {
            object? raw;
            if (tuple.Tuple.ConditionContext is { } bound && bound.TryGetValue(parameter, out var fromTuple))
            {
                raw = fromTuple;
            }
            else if (_context.TryGetValue(parameter, out var fromRequest))
            {
                raw = fromRequest;
            }
            else
            {
                continue;
            }

            var converted = CelValues.Convert(raw, type);
            if (converted is CelError conversion)
            {
                return Outcome.Error(FgaErrorCode.ValidationError, $"condition '{name}', parameter '{parameter}': {conversion.Message}");
            }

            variables[parameter] = converted;
        }

        return CelEvaluator.Evaluate(condition.Compiled, variables) switch
        {
            true => Outcome.True,
            false => Outcome.False,
            Unknown missing => Outcome.Error(FgaErrorCode.ValidationError, $"condition '{name}' is missing the parameter '{missing.Name}' (tuple {tuple.Tuple})"),
            CelError error => Outcome.Error(FgaErrorCode.ValidationError, $"condition '{name}' failed: {error.Message}"),
            var other => Outcome.Error(FgaErrorCode.ValidationError, $"condition '{name}' evaluated to {CelEvaluator.TypeName(other)}, not bool"),
        };
    }

    private TupleSource Read(ObjectRef obj, string relation)
    {
        var key = (obj.Object, relation);
        _stored.TryGetValue(key, out var stored);
        List<StoredTuple>? contextual = null;
        _contextual?.TryGetValue(key, out contextual);
        return new TupleSource(stored, contextual);
    }

    /// <summary>The stored then the contextual tuples of one (object, relation), enumerated without allocating.</summary>
    private readonly struct TupleSource(StoredTuple[]? stored, List<StoredTuple>? contextual)
    {
        public Enumerator GetEnumerator() => new(stored, contextual);

        public struct Enumerator(StoredTuple[]? stored, List<StoredTuple>? contextual)
        {
            private int _index = -1;

            public readonly StoredTuple Current => _index < (stored?.Length ?? 0) ? stored![_index] : contextual![_index - (stored?.Length ?? 0)];

            public bool MoveNext() => ++_index < (stored?.Length ?? 0) + (contextual?.Count ?? 0);
        }
    }

    /// <summary>Union semantics: true beats everything; otherwise an error beats false and cycles; otherwise a cycle stays a cycle.</summary>
    private struct UnionState
    {
        private Outcome? _error;
        private bool _cycle;

        public readonly Outcome Result => _error ?? (_cycle ? Outcome.Cycle : Outcome.False);

        /// <summary>Adds an outcome; <see langword="true"/> when it decides the union (it is true).</summary>
        public bool Add(Outcome outcome)
        {
            switch (outcome.Kind)
            {
                case OutcomeKind.True:
                    return true;
                case OutcomeKind.Error:
                    _error ??= outcome;
                    break;
                case OutcomeKind.Cycle:
                    _cycle = true;
                    break;
            }

            return false;
        }
    }
}
