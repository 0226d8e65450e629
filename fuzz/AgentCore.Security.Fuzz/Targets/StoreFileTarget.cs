namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The store-file reader (<c>.fga.yaml</c>: the model inline or by file, tuples inline or from YAML, JSON or
/// CSV files, tests) and the tests it holds, run on the embedded store. File references resolve in an empty
/// folder of the target's own. Properties: only <see cref="FgaModelException"/> leaves the reader; running
/// the file's tests never throws (a bad check is a result with an error, not an exception).
/// </summary>
internal sealed class StoreFileTarget : FuzzTarget
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agentcore-fuzz-store-").FullName;

    public override string Name => "store";

    public override string Description => "FgaStoreFile.Parse (YAML, with the model and tuples it names) and RunTests";

    public override void Run(ReadOnlySpan<byte> input)
    {
        FgaStoreFile file;
        try
        {
            file = FgaStoreFile.Parse(Text(input), _folder);
        }
        catch (FgaModelException)
        {
            return;
        }

        foreach (var result in file.RunTests())
        {
            FuzzPropertyException.Check(result.Actual.IsError || result.Passed == (result.Actual.Allowed == result.Expected), "a test result contradicts itself");
        }
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        yield return ("homelab", Utf8("""
            name: homelab
            model: |
              model
                schema 1.1
              type user
              type agent
              type network
                relations
                  define operator: [user, agent, user with in_window]
                  define viewer: [user, agent] or operator
            condition in_window(x: int) {
              x < 10
            }
            tuples:
              - user: user:alice
                relation: operator
                object: network:homelab
              - user: user:bob
                relation: operator
                object: network:homelab
                condition:
                  name: in_window
                  context:
                    x: 3
            tests:
              - name: operators
                tuples:
                  - user: agent:net-agent
                    relation: viewer
                    object: network:homelab
                check:
                  - user: user:alice
                    object: network:homelab
                    assertions:
                      operator: true
                      viewer: true
                  - users: [user:bob, agent:net-agent]
                    objects: [network:homelab]
                    context:
                      x: 12
                    assertions:
                      operator: false
            """));
        foreach (var file in SharedFiles(sharedRoot, "conformance/openfga-cli", "*.fga.yaml"))
        {
            yield return ($"shared-{Path.GetFileName(file)}", File.ReadAllBytes(file));
        }
    }
}
