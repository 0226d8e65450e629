using System.Reflection;
using System.Reflection.Emit;
using AgentCore.Security.Jwt;

namespace AgentCore.Security.Tests.Architecture;

/// <summary>
/// The core package is organized by feature (Jwt, TokenExchange, Crypto, Diagnostics, Authorization, Pipeline,
/// Skills), each with its own internals, and no feature depends on another in a cycle. Dependencies are read
/// from the compiled assembly: every type's signatures and every method body's IL (calls, fields, types).
/// </summary>
public sealed class FeatureLayeringTests
{
    private static readonly Assembly Core = typeof(TokenChainValidator).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [Fact]
    public void Features_HaveNoDependencyCycle()
    {
        var graph = FeatureGraph();

        var cycle = FindCycle(graph);

        cycle.ShouldBeNull($"features depend on each other in a cycle: {string.Join(" → ", cycle ?? [])}");
        graph.Keys.ShouldContain("Jwt");
        graph["Skills"].ShouldContain("Pipeline"); // the reader finds real edges
    }

    [Fact]
    public void CorePackage_HasNoSharedInternalNamespace()
    {
        Core.GetTypes().Select(t => t.Namespace).ShouldNotContain("AgentCore.Security.Internal");
    }

    /// <summary>Feature → the features it uses. The feature of a namespace is its segment after <c>AgentCore.Security</c>.</summary>
    private static Dictionary<string, HashSet<string>> FeatureGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in Core.GetTypes())
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var used in UsedTypes(type))
            {
                if (used.Assembly == Core && FeatureOf(used) is { } to && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    private static string? FeatureOf(Type type)
    {
        var ns = type.Namespace ?? string.Empty;
        const string Root = "AgentCore.Security.";
        return ns.StartsWith(Root, StringComparison.Ordinal) ? ns[Root.Length..].Split('.')[0] : null;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            found.Add(baseType);
        }

        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetFields(All).Select(f => f.FieldType));
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }

            found.AddRange(TypesInBody(method));
        }

        return found.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Unwrap)]
            : [type];
    }

    /// <summary>The declaring types of the methods and fields a body uses, and the types it names.</summary>
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            var size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (BitConverter.ToInt32(il, i) * 4),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                Type? used = null;
                try
                {
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                    used = member as Type ?? member?.DeclaringType;
                }
                catch (ArgumentException)
                {
                }

                if (used is not null)
                {
                    yield return used;
                }
            }

            i += size;
        }
    }

    private static string[]? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new Stack<string>();
        foreach (var node in graph.Keys)
        {
            if (Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        string[]? Visit(string node)
        {
            if (state.TryGetValue(node, out var s))
            {
                return s == 1 ? [.. path.Reverse().SkipWhile(n => n != node), node] : null;
            }

            state[node] = 1;
            path.Push(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.Pop();
            state[node] = 2;
            return null;
        }
    }
}
