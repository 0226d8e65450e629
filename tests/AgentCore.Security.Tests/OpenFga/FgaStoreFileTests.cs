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

    [Fact]
    public void Parse_NoModel_SaysSo()
    {
        Should.Throw<FgaModelException>(() => FgaStoreFile.Parse("name: x\ntuples: []\n", ".")).Message.ShouldContain("neither 'model' nor 'model_file'");
    }
}
