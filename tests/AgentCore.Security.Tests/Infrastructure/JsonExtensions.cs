using System.Text.Json.Nodes;

namespace AgentCore.Security.Tests.Infrastructure;

public static class JsonExtensions
{
    /// <summary>Applies an edit to a deep copy, so shared templates are never changed.</summary>
    public static JsonObject Also(this JsonObject node, Action<JsonObject> edit)
    {
        var copy = node.DeepClone().AsObject();
        edit(copy);
        return copy;
    }
}
