using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Embedded.Dsl;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.OpenFga;

/// <summary>The DSL↔JSON cases of openfga/language: the DSL and the JSON of each case parse to the same model.</summary>
public sealed class DslTransformerTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var root = SharedFiles.TryPathOf("conformance", "openfga-language", "tests", "data", "transformer");
        foreach (var folder in root is null ? (IEnumerable<string?>)["(shared folder absent)"] : Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(folder!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DslAndJson_DescribeTheSameModel(string caseName)
    {
        var folder = SharedFiles.PathOf("conformance", "openfga-language", "tests", "data", "transformer", caseName);

        // The transformer cases are syntax cases: two of them (14, 15) are not semantically valid models.
        var fromDsl = DslParser.Parse(File.ReadAllText(Path.Combine(folder, "authorization-model.fga")), validate: false);
        var fromJson = ModelJsonReader.Read(File.ReadAllText(Path.Combine(folder, "authorization-model.json")), validate: false);

        fromDsl.Describe().ShouldBe(fromJson.Describe());
    }

    [Fact]
    public void Parse_SemanticallyInvalidModel_SaysWhatIsWrong()
    {
        var error = Should.Throw<FgaModelException>(() => FgaModel.Parse("""
            model
              schema 1.1
            type user
            type document
              relations
                define viewer: [user, group#member]
            """));

        error.Message.ShouldContain("type 'group' is not defined");
    }

    [Theory]
    [InlineData("define viewer: [user] or editor and owner", "mixing 'or' with 'and' needs parentheses")]
    [InlineData("define viewer: [user", "unterminated type list")]
    [InlineData("define viewer: editor from", "'from' needs a relation")]
    public void Parse_SyntaxError_NamesTheLine(string define, string reason)
    {
        var error = Should.Throw<FgaModelException>(() => FgaModel.Parse($"model\n  schema 1.1\ntype user\ntype document\n  relations\n    define editor: [user]\n    define owner: [user]\n    {define}\n"));

        error.Message.ShouldContain("line 8");
        error.Message.ShouldContain(reason);
    }
}
