using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Dsl;

/// <summary>The semantic rules a model must meet before it is used: every name it refers to exists.</summary>
internal static class ModelValidator
{
    public static void Validate(FgaModel model)
    {
        foreach (var type in model.Types.Values)
        {
            foreach (var relation in type.Relations.Values)
            {
                var where = $"relation '{type.Name}#{relation.Name}'";
                if (UsesThis(relation.Rewrite) != relation.DirectTypes.Count > 0)
                {
                    throw new FgaModelException($"{where}: directly related types must be declared exactly when the relation allows direct tuples.");
                }

                foreach (var direct in relation.DirectTypes)
                {
                    if (!model.Types.TryGetValue(direct.Type, out var target))
                    {
                        throw new FgaModelException($"{where}: type '{direct.Type}' is not defined.");
                    }

                    if (direct.Relation is not null && !target.Relations.ContainsKey(direct.Relation))
                    {
                        throw new FgaModelException($"{where}: relation '{direct.Type}#{direct.Relation}' is not defined.");
                    }

                    if (direct.Condition is not null && !model.Conditions.ContainsKey(direct.Condition))
                    {
                        throw new FgaModelException($"{where}: condition '{direct.Condition}' is not defined.");
                    }
                }

                CheckRewrite(model, type, relation.Rewrite, where);
            }
        }
    }

    private static bool UsesThis(Rewrite rewrite) => rewrite switch
    {
        ThisRewrite => true,
        SetRewrite set => set.Children.Any(UsesThis),
        DifferenceRewrite difference => UsesThis(difference.Base) || UsesThis(difference.Subtract),
        _ => false,
    };

    private static void CheckRewrite(FgaModel model, TypeDefinition type, Rewrite rewrite, string where)
    {
        switch (rewrite)
        {
            case ComputedRewrite computed when !type.Relations.ContainsKey(computed.Relation):
                throw new FgaModelException($"{where}: relation '{computed.Relation}' is not defined on type '{type.Name}'.");
            case TupleToUsersetRewrite ttu:
                if (!type.Relations.TryGetValue(ttu.Tupleset, out var tupleset))
                {
                    throw new FgaModelException($"{where}: the tupleset relation '{ttu.Tupleset}' is not defined on type '{type.Name}'.");
                }

                if (tupleset.Rewrite is not ThisRewrite)
                {
                    throw new FgaModelException($"{where}: the tupleset relation '{ttu.Tupleset}' must be directly assignable only.");
                }

                if (!tupleset.DirectTypes.Any(d => d.Relation is null && !d.Wildcard && model.FindRelation(d.Type, ttu.ComputedRelation) is not null))
                {
                    throw new FgaModelException($"{where}: no type in '{ttu.Tupleset}' has relation '{ttu.ComputedRelation}'.");
                }

                break;
            case SetRewrite set:
                foreach (var child in set.Children)
                {
                    CheckRewrite(model, type, child, where);
                }

                break;
            case DifferenceRewrite difference:
                CheckRewrite(model, type, difference.Base, where);
                CheckRewrite(model, type, difference.Subtract, where);
                break;
        }
    }
}
