namespace AgentCore.Security.DevTokenService;

/// <summary>A failure the development token service can be told to simulate on its token endpoint.</summary>
public enum DevTokenFault
{
    /// <summary>Normal operation.</summary>
    None,

    /// <summary>Answer 500 with an HTML body.</summary>
    ServerError,

    /// <summary>Answer 200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>Wait <see cref="DevTokenServiceOptions.SlowDelay"/> before answering.</summary>
    Slow,
}
