#pragma warning disable SA1402 // the node kinds of one small tree stay together
namespace AgentCore.Security.OpenFga.Embedded.Cel;

/// <summary>A node of a parsed CEL expression.</summary>
internal abstract record CelNode;

internal sealed record CelLiteral(object? Value) : CelNode;

internal sealed record CelIdentifier(string Name) : CelNode;

internal sealed record CelUnary(string Operator, CelNode Operand) : CelNode;

internal sealed record CelBinary(string Operator, CelNode Left, CelNode Right) : CelNode;

internal sealed record CelConditional(CelNode Condition, CelNode WhenTrue, CelNode WhenFalse) : CelNode;

internal sealed record CelCall(CelNode? Target, string Function, IReadOnlyList<CelNode> Arguments) : CelNode;

internal sealed record CelIndex(CelNode Target, CelNode Index) : CelNode;

internal sealed record CelSelect(CelNode Target, string Field) : CelNode;

internal sealed record CelList(IReadOnlyList<CelNode> Items) : CelNode;

internal sealed record CelMap(IReadOnlyList<(CelNode Key, CelNode Value)> Entries) : CelNode;
