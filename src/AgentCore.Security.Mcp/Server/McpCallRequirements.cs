using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AgentCore.Security.Pipeline;
using ModelContextProtocol.Server;

namespace AgentCore.Security.Mcp.Server;

/// <summary>
/// The requirements an MCP primitive (a tool, resource or prompt) declares with <see cref="RequireScopeAttribute"/>
/// and <see cref="RequireRelationAttribute"/> on its method or its type, read once per primitive; and the object of a
/// call, expanded from the relation's template: <c>{name}</c> is the primitive's name, <c>{argument}</c> a call argument.
/// </summary>
internal sealed class McpCallRequirements
{
    private static readonly ConditionalWeakTable<IMcpServerPrimitive, McpCallRequirements> ByPrimitive = [];

    private McpCallRequirements(AgentCallRequirements requirements, bool objectFromArguments)
    {
        Requirements = requirements;
        ObjectFromArguments = objectFromArguments;
    }

    public AgentCallRequirements Requirements { get; }

    /// <summary>Gets a value indicating whether the object names call arguments (it can be judged only with the call).</summary>
    public bool ObjectFromArguments { get; }

    /// <summary>The requirements of a primitive, named after it (<c>{name}</c>: a tool's or prompt's name, a resource's URI or URI template).</summary>
    public static McpCallRequirements For(IMcpServerPrimitive primitive) =>
        ByPrimitive.GetValue(primitive, static p => Read(p.Metadata, p.Id));

    /// <summary>Reads the attributes from a primitive's metadata (the SDK lists the method's attributes, then its type's).</summary>
    internal static McpCallRequirements Read(IReadOnlyList<object> metadata, string name)
    {
        var scopes = metadata.OfType<RequireScopeAttribute>().Select(a => a.Scope).Distinct(StringComparer.Ordinal).ToArray();
        var relation = metadata.OfType<RequireRelationAttribute>().FirstOrDefault();
        var template = relation?.Object;
        var fromArguments = template is not null && Placeholders(template).Any(p => p != "name");
        var fixedObject = template is null || fromArguments ? template : Expand(template, name, null);
        return new McpCallRequirements(new AgentCallRequirements(name, scopes, relation?.Relation, fromArguments ? null : fixedObject), fromArguments)
        {
            Template = template,
        };
    }

    /// <summary>Gets the object template as declared.</summary>
    public string? Template { get; private init; }

    /// <summary>The object for one call: the template with <c>{name}</c> (the primitive) and each <c>{argument}</c> filled in.</summary>
    /// <exception cref="McpCallRefusedException">An argument the template names is missing, not a string or number, or not a plain identifier.</exception>
    public string? ObjectFor(IDictionary<string, JsonElement>? arguments) =>
        Template is null ? null : ObjectFromArguments ? Expand(Template, Requirements.Name, arguments) : Requirements.Object;

    private static IEnumerable<string> Placeholders(string template)
    {
        for (var i = template.IndexOf('{', StringComparison.Ordinal); i >= 0; i = template.IndexOf('{', i + 1))
        {
            var end = template.IndexOf('}', i);
            if (end < 0)
            {
                yield break;
            }

            yield return template[(i + 1)..end];
        }
    }

    private static string Expand(string template, string name, IDictionary<string, JsonElement>? arguments)
    {
        var text = new StringBuilder(template.Length + 16);
        var at = 0;
        for (var i = template.IndexOf('{', StringComparison.Ordinal); i >= 0; i = template.IndexOf('{', at))
        {
            var end = template.IndexOf('}', i);
            if (end < 0)
            {
                break;
            }

            text.Append(template, at, i - at);
            var key = template[(i + 1)..end];
            text.Append(key == "name" ? name : Argument(name, key, arguments));
            at = end + 1;
        }

        return text.Append(template, at, template.Length - at).ToString();
    }

    // An argument becomes part of an OpenFGA object id: only a string or integer of plain identifier characters, so
    // that a caller cannot steer the check to another type or object ("x#y", "doc:other", control characters).
    private static string Argument(string name, string key, IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null || !arguments.TryGetValue(key, out var value))
        {
            throw new McpCallRefusedException(AgentCallDenyReason.Forbidden, $"{name} needs the argument '{key}' to name the object it is authorized on.");
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (string.IsNullOrEmpty(text) || text.Length > 256 || !text.All(IsIdentifierChar))
        {
            throw new McpCallRefusedException(AgentCallDenyReason.Forbidden, $"{name}: the argument '{key}' is not a plain identifier (letters, digits, '-', '_', '.', '@'), so it cannot name an object.");
        }

        return text;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@';
}
