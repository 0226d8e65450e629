namespace AgentCore.Security.Pipeline;

/// <summary>The rest of the pipeline after a filter: the next filters, then the operation.</summary>
/// <param name="agentCall">The call.</param>
/// <param name="cancellationToken">Cancels the call.</param>
/// <returns>The outcome.</returns>
public delegate ValueTask<AgentCallResult> AgentCallHandler(AgentCall agentCall, CancellationToken cancellationToken);

/// <summary>
/// A step of every operation's pipeline after scopes and delegation authorization, as middleware: it may act
/// before the operation (a rate limit, a quota, a business-hours rule: return a denial without calling
/// <c>continuation</c>), after it (inspect or replace the result), or around it (timing, a semaphore). Register it with
/// <c>AddSkillFilter&lt;T&gt;()</c>; filters run in <see cref="Order"/>, lowest first and outermost.
/// </summary>
public interface IAgentCallFilter
{
    /// <summary>Gets the filter's position; lower runs first (outermost).</summary>
    int Order => 0;

    /// <summary>Runs the filter.</summary>
    /// <param name="agentCall">The authorized call.</param>
    /// <param name="continuation">The rest of the pipeline (the next filters, then the operation); not calling it denies or short-circuits the call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    ValueTask<AgentCallResult> InvokeAsync(AgentCall agentCall, AgentCallHandler continuation, CancellationToken cancellationToken);
}
