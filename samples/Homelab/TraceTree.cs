using System.Collections.Concurrent;
using System.Diagnostics;

namespace Homelab;

/// <summary>
/// Records, in process, the spans of one request through the fleet (this sample's own, the library's
/// <c>AgentCore.Security</c> ones, ASP.NET Core's server spans and HttpClient's client spans; W3C trace context
/// carries the trace across every hop) and prints them as a tree: who called whom, on whose behalf, each decision.
/// </summary>
public sealed class TraceTree : IDisposable
{
    // Before Source: creating Source asks every listener, this one too, which reads Sources.
    private static readonly HashSet<string> Sources = ["Homelab", "AgentCore.Security", "Microsoft.AspNetCore", "System.Net.Http"];

    public static readonly ActivitySource Source = new("Homelab");

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TraceTree()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => Sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<Activity> Spans(ActivityTraceId trace) => [.. _stopped.Where(a => a.TraceId == trace)];

    /// <summary>The service a server span ran in, from the address its caller's client span called.</summary>
    public static string? ServiceOf(Activity server, IReadOnlyList<Activity> spans, IReadOnlyDictionary<int, string> services) =>
        spans.FirstOrDefault(s => s.SpanId == server.ParentSpanId)?.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && services.TryGetValue(uri.Port, out var name) ? name : null;

    /// <summary>Writes the spans of one trace as a tree, naming each service by its address.</summary>
    public void Write(TextWriter output, ActivityTraceId trace, IReadOnlyDictionary<int, string> services)
    {
        var spans = Spans(trace);
        var children = spans.ToLookup(s => s.ParentSpanId);
        foreach (var root in spans.Where(s => !spans.Any(p => p.SpanId == s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            Write(root, "   ", string.Empty);
        }

        void Write(Activity span, string indent, string branch)
        {
            output.WriteLine($"{indent}{branch}{Label(span, spans, services)}");
            var below = children[span.SpanId].OrderBy(s => s.StartTimeUtc).ToList();
            var next = indent + (branch.Length == 0 ? string.Empty : branch == "└ " ? "  " : "│ ");
            for (var i = 0; i < below.Count; i++)
            {
                Write(below[i], next, i == below.Count - 1 ? "└ " : "├ ");
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string Label(Activity span, IReadOnlyList<Activity> spans, IReadOnlyDictionary<int, string> services)
    {
        string? Tag(string name) => span.GetTagItem(name)?.ToString();
        string Service(string? url) => url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && services.TryGetValue(uri.Port, out var name) ? $"{name} {uri.AbsolutePath}" : url ?? "?";
        return span.Source.Name switch
        {
            "AgentCore.Security" when span.OperationName == "agentcore.security.authorize" =>
                $"authorize [{Tag("agentcore.security.chain")}] {Tag("agentcore.security.relation")} {Tag("agentcore.security.object")} → {Tag("agentcore.security.decision")}{(Tag("agentcore.security.reason") is { } reason ? $" ({reason})" : string.Empty)}",
            "AgentCore.Security" => $"token exchange for {Tag("agentcore.security.target")}, acting for [{Tag("agentcore.security.chain")}] → {Tag("agentcore.security.result")}",
            "System.Net.Http" => $"→ {Tag("http.request.method")} {Service(Tag("url.full"))}{(Tag("http.response.status_code") is { } status ? $" ({status})" : string.Empty)}",
            "Microsoft.AspNetCore" => $"{ServiceOf(span, spans, services) ?? "a service"} handles it",
            _ => span.DisplayName,
        };
    }
}
