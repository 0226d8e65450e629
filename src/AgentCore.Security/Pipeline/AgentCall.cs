#pragma warning disable CA1720 // 'object' is OpenFGA's own name for the tuple's object

namespace AgentCore.Security.Pipeline;

/// <summary>
/// One authorized call as it flows through the filters of an <see cref="AgentCallPipeline"/>: the operation,
/// the caller's verified chain, what was authorized, and the input. Filters may read it and keep state in
/// <see cref="Items"/>; the chain and the authorization are fixed.
/// </summary>
public sealed class AgentCall
{
    private Dictionary<string, object?>? _items;

    /// <summary>Initializes a new instance of the <see cref="AgentCall"/> class.</summary>
    /// <param name="requirements">The operation's requirements.</param>
    /// <param name="chain">The caller's verified chain.</param>
    /// <param name="relation">The relation that was authorized, if any.</param>
    /// <param name="object">The object it was authorized on, if any.</param>
    /// <param name="input">The operation's input.</param>
    public AgentCall(AgentCallRequirements requirements, ValidatedChain chain, string? relation, string? @object, object? input)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(chain);
        Requirements = requirements;
        Chain = chain;
        Relation = relation;
        Object = @object;
        Input = input;
    }

    /// <summary>Gets the operation's requirements (and its name).</summary>
    public AgentCallRequirements Requirements { get; }

    /// <summary>Gets the caller's verified chain.</summary>
    public ValidatedChain Chain { get; }

    /// <summary>Gets the relation that was authorized, if any.</summary>
    public string? Relation { get; }

    /// <summary>Gets the object the relation was authorized on, if any.</summary>
    public string? Object { get; }

    /// <summary>Gets the operation's input.</summary>
    public object? Input { get; }

    /// <summary>Gets state the filters share for this call.</summary>
    public IDictionary<string, object?> Items => _items ??= new(StringComparer.Ordinal);

    /// <summary>Gets the operation the pipeline ends in.</summary>
    internal AgentCallHandler? Operation { get; init; }

    /// <summary>Gets or sets a value indicating whether the filters let the call reach the operation.</summary>
    internal bool OperationReached { get; set; }
}
