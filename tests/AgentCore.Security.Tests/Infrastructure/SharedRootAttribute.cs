namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>Carries the path of ../shared, as the build saw it, into the test assembly.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class SharedRootAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
