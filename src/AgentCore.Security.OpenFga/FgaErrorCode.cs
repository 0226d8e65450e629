namespace AgentCore.Security.OpenFga;

/// <summary>OpenFGA's error codes, as the embedded evaluator and the server return them.</summary>
public enum FgaErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary><c>validation_error</c>: a malformed request, an unknown user type, or a condition that could not be evaluated (a missing or unconvertible parameter).</summary>
    ValidationError = 2000,

    /// <summary><c>authorization_model_resolution_too_complex</c>: the check went deeper than 25 resolutions.</summary>
    ResolutionTooComplex = 2002,

    /// <summary><c>type_not_found</c>: the object's type is not in the model.</summary>
    TypeNotFound = 2021,

    /// <summary><c>relation_not_found</c>: the relation is not defined on the object's type.</summary>
    RelationNotFound = 2022,

    /// <summary><c>invalid_tuple</c>: a (contextual) tuple that the model does not allow.</summary>
    InvalidTuple = 2027,
}
