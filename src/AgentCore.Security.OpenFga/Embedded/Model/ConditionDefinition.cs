using AgentCore.Security.OpenFga.Embedded.Cel;

namespace AgentCore.Security.OpenFga.Embedded.Model;

/// <summary>A named condition: typed parameters and a CEL expression, compiled once.</summary>
internal sealed class ConditionDefinition
{
    public ConditionDefinition(string name, string expression, IReadOnlyDictionary<string, ConditionParameterType> parameters)
    {
        Name = name;
        Expression = expression;
        Parameters = parameters;
        Compiled = CelParser.Parse(expression);
    }

    public string Name { get; }

    public string Expression { get; }

    public IReadOnlyDictionary<string, ConditionParameterType> Parameters { get; }

    public CelNode Compiled { get; }
}
