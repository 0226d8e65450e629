using AgentCore.Security.OpenFga;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.OpenFga;

/// <summary>The OpenFGA CLI's example store files (../shared/conformance/openfga-cli/example): every check assertion holds.</summary>
public sealed class FgaStoreFileTests
{
    [Theory]
    [InlineData("model.fga.yaml", 25)]
    [InlineData("store_abac.fga.yaml", 3)]
    public void RunTests_CliExamples_AllAssertionsPass(string file, int assertions)
    {
        var store = FgaStoreFile.Load(SharedFiles.PathOf("conformance", "openfga-cli", "example", file));

        var results = store.RunTests();

        results.Count.ShouldBe(assertions);
        results.Where(r => !r.Passed).Select(r => $"{r.Test}: {r.User} {r.Relation} {r.Object} expected {r.Expected}, got {r.Actual}").ShouldBeEmpty();
    }

    [Fact]
    public void Parse_InlineModelTuplesAndUsersList()
    {
        var file = FgaStoreFile.Parse("""
            name: inline
            model: |
              model
                schema 1.1
              type user
              type doc
                relations
                  define viewer: [user]
            tuples:
              - user: user:anne
                relation: viewer
                object: doc:1
            tests:
              - name: t
                tuples:
                  - user: user:bob
                    relation: viewer
                    object: doc:1
                check:
                  - users: [user:anne, user:bob]
                    object: doc:1
                    assertions:
                      viewer: true
                  - user: user:carl
                    object: doc:1
                    assertions:
                      viewer: false
            """, ".");

        file.Name.ShouldBe("inline");
        file.RunTests().Select(r => (r.User, r.Passed)).ShouldBe([("user:anne", true), ("user:bob", true), ("user:carl", true)]);
        file.CreateStore().TupleCount.ShouldBe(1);
    }

    // Found by fuzzing (fuzz/regressions/store): each was an exception the reader does not document, a process
    // ended by a stack overflow, or a 40 s parse; each is now an FgaModelException that says why.
    [Theory]
    [InlineData("name: x\nmodel_file: ./missing.fga\n", "model_file './missing.fga' cannot be read")]
    [InlineData("model: |\n  model\n    schema 1.1\n  type user\ntuple_file: ../nowhere/t.csv\n", "tuple file '../nowhere/t.csv' cannot be read")]
    [InlineData("*m :\n\nEmRe: &m\n", "aliases")]
    [InlineData("base: &b {a: 1}\nmodel: x\n", "anchors")]
    [InlineData("%YAML 1.2\n---\nmodel: x\n", "directives")]
    [InlineData("model: |\n  model\n    schema 1.1\n  type user\ntests:\n  - check:\n      - users: [{a: b}]\n", "a mapping where a user")]
    public void Parse_HostileOrBrokenFile_IsAModelException_ThatSaysWhy(string yaml, string reason)
    {
        var error = Should.Throw<FgaModelException>(() => FgaStoreFile.Parse(yaml, Path.GetTempPath()));

        error.Message.ShouldContain(reason);
    }

    [Fact]
    public void Parse_NestingPastTheLimit_IsRefused_BeforeTheTreeIsBuilt()
    {
        var deep = "model: x\nt: " + new string('[', 65) + new string(']', 65) + "\n";

        Should.Throw<FgaModelException>(() => FgaStoreFile.Parse(deep, Path.GetTempPath())).Message.ShouldContain("nest deeper than 64");
    }

    [Fact]
    public void Parse_NoModel_SaysSo()
    {
        Should.Throw<FgaModelException>(() => FgaStoreFile.Parse("name: x\ntuples: []\n", ".")).Message.ShouldContain("neither 'model' nor 'model_file'");
    }
}
