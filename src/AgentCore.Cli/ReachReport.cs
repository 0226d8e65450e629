using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reach = AgentCore.Cli.AuditCommands.Reach;

namespace AgentCore.Cli;

/// <summary>What <c>audit reach</c> found, written as a table, JSON, a Mermaid graph or a Graphviz graph.</summary>
internal sealed class ReachReport(string actor, string? subject, List<Reach> self, List<Reach>? everyPrincipal, List<Reach>? boundToSubject, string? boundError, string delegationRelation)
{
    public string ToTable()
    {
        var builder = new StringBuilder();
        Section(builder, $"{actor}, by itself:", self);
        if (subject is not null)
        {
            Section(builder, $"{actor} acting for {subject}, EveryPrincipal (each of them holds it):", everyPrincipal!);
            if (boundError is null)
            {
                Section(builder, $"{actor} acting for {subject}, CurrentActorForSubject ({subject} holds it with {subject} {delegationRelation} {actor}):", boundToSubject!);
            }
            else
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"{actor} acting for {subject}, CurrentActorForSubject: not expressible in this model ({boundError})");
            }
        }

        return builder.ToString();
    }

    public string ToJson()
    {
        var root = new JsonObject
        {
            ["actor"] = actor,
            ["self"] = Array(self),
        };
        if (subject is not null)
        {
            root["for"] = subject;
            root["everyPrincipal"] = Array(everyPrincipal!);
            root["currentActorForSubject"] = boundError is null ? Array(boundToSubject!) : new JsonObject { ["error"] = boundError };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public string ToMermaid()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = new StringBuilder("graph LR\n");
        string Node(string name)
        {
            if (!ids.TryGetValue(name, out var id))
            {
                ids[name] = id = "n" + ids.Count.ToString(CultureInfo.InvariantCulture);
                builder.AppendLine(CultureInfo.InvariantCulture, $"  {id}[\"{name.Replace("\"", "'", StringComparison.Ordinal)}\"]");
            }

            return id;
        }

        foreach (var (from, reach, style) in Edges())
        {
            var (a, b) = (Node(from), Node(reach.Object));
            var edge = style == "self" ? $"  {a} -->|{reach.Relation}| {b}" : $"  {a} -.->|{reach.Relation} for {subject}| {b}";
            builder.AppendLine(edge);
        }

        return builder.ToString();
    }

    public string ToDot()
    {
        var builder = new StringBuilder("digraph reach {\n  rankdir=LR;\n");
        foreach (var (from, reach, style) in Edges())
        {
            var label = style == "self" ? reach.Relation : $"{reach.Relation} for {subject}";
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {Quote(from)} -> {Quote(reach.Object)} [label={Quote(label)}{(style == "self" ? string.Empty : ", style=dashed")}];");
        }

        return builder.Append("}\n").ToString();

        static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    // The actor's own reach, then what it reaches for the subject (under EveryPrincipal, the stricter mode).
    private IEnumerable<(string From, Reach Reach, string Style)> Edges() =>
        self.Select(r => (actor, r, "self")).Concat((everyPrincipal ?? []).Select(r => (actor, r, "for")));

    private static JsonArray Array(List<Reach> items) => new([.. items.Select(r => (JsonNode)r.ToJson())]);

    private static void Section(StringBuilder builder, string title, List<Reach> items)
    {
        builder.AppendLine(title);
        if (items.Count == 0)
        {
            builder.AppendLine("  (nothing)");
        }

        var width = items.Count == 0 ? 0 : items.Max(r => r.Object.Length);
        foreach (var item in items)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {item.Object.PadRight(width)}  {item.Relation}");
        }
    }
}
