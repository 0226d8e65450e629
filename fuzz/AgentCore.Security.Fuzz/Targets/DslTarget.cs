namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The OpenFGA model readers: the DSL (schema 1.1) and the JSON form, chosen as the store file chooses
/// (<see cref="FgaModel.ParseAny"/>). Properties: only <see cref="FgaModelException"/> leaves; an accepted
/// model written to JSON reads back to the same model.
/// </summary>
internal sealed class DslTarget : FuzzTarget
{
    public override string Name => "dsl";

    public override string Description => "FgaModel.ParseAny (DSL and JSON); an accepted model round-trips through its JSON";

    public override void Run(ReadOnlySpan<byte> input)
    {
        FgaModel model;
        try
        {
            model = FgaModel.ParseAny(Text(input));
        }
        catch (FgaModelException)
        {
            return;
        }

        var json = model.ToJson();
        FgaModel again;
        try
        {
            again = FgaModel.ParseJson(json);
        }
        catch (FgaModelException e)
        {
            throw new FuzzPropertyException($"an accepted model's JSON is refused: {e.Message}", e);
        }

        FuzzPropertyException.Check(again.Describe() == model.Describe(), "an accepted model's JSON reads back to another model");
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        yield return ("homelab", Utf8("""
            model
              schema 1.1
            type user
            type agent
            type host
              relations
                define operator: [user, agent, user:*, agent#member with in_window]
                define viewer: [user] or operator or owner from parent
                define parent: [host]
                define owner: [user]
                define blocked: [user]
                define can_scan: viewer but not blocked
                define audited: viewer and operator
            condition in_window(now: timestamp, start: timestamp, hours: int) {
              now >= start && now < start + duration(string(hours) + "h")
            }
            """));
        foreach (var file in SharedFiles(sharedRoot, "conformance", "*.fga").Concat(SharedFiles(sharedRoot, "conformance/openfga-language", "*.json")).Take(200))
        {
            var relative = Path.GetRelativePath(sharedRoot!, file).Replace('/', '-').Replace('\\', '-');
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length <= 16 * 1024)
            {
                yield return ($"shared-{relative}", bytes);
            }
        }
    }
}
