using System.Diagnostics;
using AgentCore.Security.Diagnostics;

namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>
/// Records the AgentCore.Security spans of the current test only: it starts a root span of its own and
/// keeps the spans of that trace, so tests running in parallel do not see each other's spans.
/// </summary>
public sealed class ActivityRecorder : IDisposable
{
    private static readonly ActivitySource TestSource = new("AgentCore.Security.Tests");
    private readonly ActivityListener _listener;
    private readonly Activity _root;
    private readonly List<Activity> _stopped = [];

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is AgentCoreSecurityTelemetry.ActivitySourceName or "AgentCore.Security.Tests",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test")!;
    }

    public IReadOnlyList<Activity> Stopped
    {
        get
        {
            lock (_stopped)
            {
                return [.. _stopped];
            }
        }
    }

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }

    private void Record(Activity activity)
    {
        if (activity.Source.Name == AgentCoreSecurityTelemetry.ActivitySourceName && activity.TraceId == _root.TraceId)
        {
            lock (_stopped)
            {
                _stopped.Add(activity);
            }
        }
    }
}
