#pragma warning disable CA1720 // 'Object' is OpenFGA's own name for the tuple's object
namespace AgentCore.Security.OpenFga;

/// <summary>One check block of a store file test: a user, an object, and the expected answer per relation.</summary>
/// <param name="User">The user.</param>
/// <param name="Object">The object.</param>
/// <param name="Context">The request context, if any.</param>
/// <param name="Assertions">The expected answer per relation.</param>
public sealed record FgaStoreCheck(string User, string Object, IReadOnlyDictionary<string, object?>? Context, IReadOnlyDictionary<string, bool> Assertions);
