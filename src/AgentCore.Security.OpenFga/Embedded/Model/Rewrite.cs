#pragma warning disable SA1402 // the node kinds of one small tree stay together

namespace AgentCore.Security.OpenFga.Embedded.Model;

/// <summary>A relation's rewrite (userset) rule: direct, computed, tuple-to-userset, or a set operation.</summary>
internal abstract class Rewrite
{
    public abstract void Describe(StringBuilder builder);

    public override string ToString()
    {
        var builder = new StringBuilder();
        Describe(builder);
        return builder.ToString();
    }
}

/// <summary><c>[types]</c>: the relation's own tuples.</summary>
internal sealed class ThisRewrite : Rewrite
{
    public static readonly ThisRewrite Instance = new();

    public override void Describe(StringBuilder builder) => builder.Append("this");
}

/// <summary><c>define a: b</c>: relation <c>b</c> of the same object.</summary>
internal sealed class ComputedRewrite(string relation) : Rewrite
{
    public string Relation { get; } = relation;

    public override void Describe(StringBuilder builder) => builder.Append(Relation);
}

/// <summary><c>b from parent</c>: relation <c>b</c> of every object in this object's <c>parent</c> relation.</summary>
internal sealed class TupleToUsersetRewrite(string tupleset, string computedRelation) : Rewrite
{
    public string Tupleset { get; } = tupleset;

    public string ComputedRelation { get; } = computedRelation;

    public override void Describe(StringBuilder builder) => builder.Append(ComputedRelation).Append(" from ").Append(Tupleset);
}

/// <summary>Union (<c>or</c>) or intersection (<c>and</c>) of children.</summary>
internal sealed class SetRewrite(bool union, IReadOnlyList<Rewrite> children) : Rewrite
{
    public bool IsUnion { get; } = union;

    public IReadOnlyList<Rewrite> Children { get; } = children;

    public override void Describe(StringBuilder builder)
    {
        builder.Append(IsUnion ? "union(" : "intersection(");
        for (var i = 0; i < Children.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Children[i].Describe(builder);
        }

        builder.Append(')');
    }
}

/// <summary><c>base but not subtract</c>.</summary>
internal sealed class DifferenceRewrite(Rewrite @base, Rewrite subtract) : Rewrite
{
    public Rewrite Base { get; } = @base;

    public Rewrite Subtract { get; } = subtract;

    public override void Describe(StringBuilder builder)
    {
        builder.Append("difference(");
        Base.Describe(builder);
        builder.Append(", ");
        Subtract.Describe(builder);
        builder.Append(')');
    }
}
