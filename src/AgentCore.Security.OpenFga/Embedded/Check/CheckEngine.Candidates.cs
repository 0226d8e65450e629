using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <content>
/// Candidates for ListUsers: every user, wildcard and userset a relation's rewrite can reach from an object,
/// through direct tuples, usersets, computed relations and tuple-to-userset, but not the subtracted side of an
/// exclusion. As OpenFGA's ListUsers does, every tuple's condition on the way is evaluated: a false one ends
/// that path, and one that cannot be evaluated (a missing parameter) fails the whole list, even where another
/// path already reaches the user. Each candidate is then decided by <see cref="Check"/>, so intersection,
/// exclusion and cycles have Check's semantics; a user reached only through a wildcard is not a candidate
/// (the wildcard is).
/// </content>
internal sealed partial class CheckEngine
{
    /// <summary>Adds to <paramref name="candidates"/> what the relation's rewrite reaches from <paramref name="obj"/>.</summary>
    /// <returns>The error that fails the list, or <see langword="null"/>.</returns>
    public Outcome? CollectUsers(ObjectRef obj, string relation, HashSet<string> candidates)
    {
        var visited = new HashSet<(string Object, string Relation)>();
        Outcome? failure = null;
        Collect(obj, relation, 0);
        return failure;

        // A tuple's condition: true to go on; false ends the path; an error is kept and ends the walk.
        bool Holds(StoredTuple tuple)
        {
            var outcome = Condition(tuple);
            if (outcome.Kind == OutcomeKind.Error)
            {
                failure ??= outcome;
            }

            return outcome.Kind == OutcomeKind.True;
        }

        void Collect(ObjectRef from, string name, int depth)
        {
            if (failure is not null || depth >= MaxResolutionDepth || !visited.Add((from.Object, name)) || _model.FindRelation(from.Type, name) is not { } definition)
            {
                return;
            }

            candidates.Add(from.Object + "#" + name); // a userset is related to itself
            Walk(from, definition, definition.Rewrite, depth);
        }

        void Walk(ObjectRef from, RelationDefinition definition, Rewrite rewrite, int depth)
        {
            switch (rewrite)
            {
                case ThisRewrite:
                    foreach (var tuple in Read(from, definition.Name))
                    {
                        if (!Fits(_model, from, definition.Name, tuple.User, tuple.Tuple.ConditionName) || !Holds(tuple))
                        {
                            continue;
                        }

                        candidates.Add(tuple.User.Text);
                        if (tuple.User.Relation is { } usersetRelation)
                        {
                            Collect(tuple.UserObject, usersetRelation, depth + 1);
                        }
                    }

                    break;
                case ComputedRewrite computed:
                    Collect(from, computed.Relation, depth + 1);
                    break;
                case TupleToUsersetRewrite ttu:
                    foreach (var tuple in Read(from, ttu.Tupleset))
                    {
                        if (tuple.User.Relation is null && !tuple.User.IsWildcard && Fits(_model, from, ttu.Tupleset, tuple.User, tuple.Tuple.ConditionName) && Holds(tuple))
                        {
                            Collect(tuple.User, ttu.ComputedRelation, depth + 1);
                        }
                    }

                    break;
                case SetRewrite set:
                    foreach (var child in set.Children)
                    {
                        Walk(from, definition, child, depth);
                    }

                    break;
                case DifferenceRewrite difference:
                    Walk(from, definition, difference.Base, depth);
                    break;
            }
        }
    }
}
