using AgentCore.Security.Fuzz.Targets;

namespace AgentCore.Security.Fuzz;

/// <summary>Every target, in the order CI runs them.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new ValidatorTarget(),
        new JsonScannerTarget(),
        new TokenResponseTarget(),
        new JwksTarget(),
        new DslTarget(),
        new CelTarget(),
        new StoreFileTarget(),
        new BearerTarget(),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
