using AgentCore.Security.OpenFga;

namespace AgentCore.Security.Tests.OpenFga;

public sealed class EmbeddedFgaStoreTests
{
    private static readonly FgaModel Model = FgaModel.Parse("""
        model
          schema 1.1
        type user
        type group
          relations
            define member: [user, group#member]
        type document
          relations
            define owner: [user]
            define editor: [user, group#member] or owner
            define viewer: [user, user:*] or editor
            define blocked: [user]
            define can_view: viewer but not blocked
        """);

    [Fact]
    public void Check_UsersetsWildcardsAndExclusion()
    {
        var store = new EmbeddedFgaStore(Model);
        store.Write([
            new("user:anne", "member", "group:eng"),
            new("group:eng#member", "editor", "document:1"),
            new("user:*", "viewer", "document:2"),
            new("user:bob", "blocked", "document:2"),
        ]);

        Allowed(store, "user:anne", "editor", "document:1").ShouldBeTrue();
        Allowed(store, "user:anne", "viewer", "document:1").ShouldBeTrue();
        Allowed(store, "user:carl", "viewer", "document:1").ShouldBeFalse();
        Allowed(store, "user:carl", "can_view", "document:2").ShouldBeTrue();
        Allowed(store, "user:bob", "can_view", "document:2").ShouldBeFalse();
        Allowed(store, "group:eng#member", "editor", "document:1").ShouldBeTrue();
    }

    [Fact]
    public void Write_TupleTheModelDoesNotAllow_IsRefused()
    {
        var store = new EmbeddedFgaStore(Model);

        Should.Throw<FgaModelException>(() => store.Write([new("user:*", "owner", "document:1")])).Message.ShouldContain("does not allow 'user:*'");
        store.TupleCount.ShouldBe(0);
    }

    [Fact]
    public void ModelChange_StoredTuplesThatNoLongerFit_AreIgnored()
    {
        var store = new EmbeddedFgaStore(Model);
        store.Write([new("user:*", "viewer", "document:1")]);

        store.Model = FgaModel.Parse("model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n");

        Allowed(store, "user:anne", "viewer", "document:1").ShouldBeFalse();
        store.TupleCount.ShouldBe(1);
    }

    [Fact]
    public void Check_InvalidContextualTuple_IsError2027()
    {
        var result = new EmbeddedFgaStore(Model).Check(new FgaCheckRequest
        {
            User = "user:anne", Relation = "viewer", Object = "document:1",
            ContextualTuples = [new("group:eng", "viewer", "document:1")],
        });

        result.ErrorCode.ShouldBe(FgaErrorCode.InvalidTuple);
    }

    [Theory]
    [InlineData("user:anne", "nope", "document:1")]
    [InlineData("user:anne", "viewer", "folder:1")]
    [InlineData("user:a:b", "viewer", "document:1")]
    [InlineData("robot:r2", "viewer", "document:1")]
    public void Check_InvalidRequest_IsValidationError2000(string user, string relation, string obj)
    {
        new EmbeddedFgaStore(Model).Check(new FgaCheckRequest { User = user, Relation = relation, Object = obj }).ErrorCode.ShouldBe(FgaErrorCode.ValidationError);
    }

    [Fact]
    public void Check_DeeperThan25Resolutions_IsError2002()
    {
        var relations = string.Concat(Enumerable.Range(0, 30).Select(i => $"    define r{i}: r{i + 1}\n"));
        var store = new EmbeddedFgaStore(FgaModel.Parse($"model\n  schema 1.1\ntype user\ntype doc\n  relations\n{relations}    define r30: [user]\n"));
        store.Write([new("user:anne", "r30", "doc:1")]);

        var deep = store.Check(new FgaCheckRequest { User = "user:anne", Relation = "r0", Object = "doc:1" });
        var shallow = store.Check(new FgaCheckRequest { User = "user:anne", Relation = "r10", Object = "doc:1" });

        deep.ErrorCode.ShouldBe(FgaErrorCode.ResolutionTooComplex);
        shallow.Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Check_ConditionWithMissingParameter_IsError_AndTupleContextWins()
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse("""
            model
              schema 1.1
            type user
            type doc
              relations
                define viewer: [user with small]
            condition small(x: int) {
              x < 100
            }
            """));
        store.Write([new("user:anne", "viewer", "doc:1", "small"), new("user:bob", "viewer", "doc:1", "small", new Dictionary<string, object?> { ["x"] = 500.0 })]);

        store.Check(new FgaCheckRequest { User = "user:anne", Relation = "viewer", Object = "doc:1" }).ErrorCode.ShouldBe(FgaErrorCode.ValidationError);
        store.Check(new FgaCheckRequest { User = "user:anne", Relation = "viewer", Object = "doc:1", Context = new Dictionary<string, object?> { ["x"] = 5.0 } }).Allowed.ShouldBeTrue();
        store.Check(new FgaCheckRequest { User = "user:bob", Relation = "viewer", Object = "doc:1", Context = new Dictionary<string, object?> { ["x"] = 5.0 } }).Allowed.ShouldBeFalse();
    }

    // OpenFGA's answers when a request or a contextual tuple misuses a condition: a condition the model does not
    // define, or one the type restriction does not name (or a missing one where the restriction requires it), makes the
    // tuple invalid (2027); a context value of the wrong type, or a parameter missing, fails the evaluation (2000).
    [Theory]
    [InlineData("nope", null, FgaErrorCode.InvalidTuple, "condition 'nope' not found")]
    [InlineData("other", null, FgaErrorCode.InvalidTuple, "does not allow 'user:anne' with other")]
    [InlineData(null, null, FgaErrorCode.InvalidTuple, "does not allow 'user:anne' in 'doc#viewer'")]
    [InlineData("small", "\"ten\"", FgaErrorCode.ValidationError, "parameter 'x'")]
    [InlineData("small", null, FgaErrorCode.ValidationError, "missing the parameter 'x'")]
    public void Check_ConditionMisuse_IsTheServersError(string? condition, string? contextX, FgaErrorCode expected, string message)
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse("""
            model
              schema 1.1
            type user
            type doc
              relations
                define viewer: [user with small]
            condition small(x: int) {
              x < 100
            }
            condition other(y: int) {
              y < 100
            }
            """));
        var context = contextX is null ? null : new Dictionary<string, object?> { ["x"] = System.Text.Json.JsonSerializer.Deserialize<string>(contextX) };

        var result = store.Check(new FgaCheckRequest
        {
            User = "user:anne", Relation = "viewer", Object = "doc:1", Context = context,
            ContextualTuples = [new("user:anne", "viewer", "doc:1", condition)],
        });

        result.ErrorCode.ShouldBe(expected);
        result.Message.ShouldNotBeNull().ShouldContain(message);
    }

    [Fact]
    public void ListObjects_FromTheIndexByType_SeesWritesAndContextualTuples()
    {
        var store = new EmbeddedFgaStore(Model);
        store.Write([new("user:anne", "viewer", "document:2"), new("user:anne", "member", "group:eng"), new("user:bob", "viewer", "document:1")]);
        var first = store.ListObjects(new FgaListObjectsRequest { User = "user:anne", Relation = "viewer", Type = "document" });

        store.Write([new("user:anne", "owner", "document:3")]);
        var second = store.ListObjects(new FgaListObjectsRequest
        {
            User = "user:anne", Relation = "viewer", Type = "document",
            ContextualTuples = [new("user:anne", "editor", "document:9")],
        });

        first.Items.ShouldBe(["document:2"]);
        second.Items.ShouldBe(["document:2", "document:3", "document:9"]);
        second.Truncated.ShouldBeFalse();
    }

    [Fact]
    public void ListObjects_MaxResults_ReturnsTheFirstInOrder_AndSaysTruncated()
    {
        var store = new EmbeddedFgaStore(Model);
        store.Write([.. Enumerable.Range(10, 20).Select(i => new FgaTuple("user:anne", "viewer", $"document:{i}"))]);

        var limited = store.ListObjects(new FgaListObjectsRequest { User = "user:anne", Relation = "viewer", Type = "document", MaxResults = 5 });
        var all = store.ListObjects(new FgaListObjectsRequest { User = "user:anne", Relation = "viewer", Type = "document", MaxResults = 20 });

        limited.Items.ShouldBe(["document:10", "document:11", "document:12", "document:13", "document:14"]);
        limited.Truncated.ShouldBeTrue();
        limited.ToString().ShouldEndWith("(truncated)");
        all.Items.Count.ShouldBe(20);
        all.Truncated.ShouldBeFalse();
    }

    [Fact]
    public void ListObjects_PastItsDeadline_AnswersWithWhatItFound()
    {
        var store = new EmbeddedFgaStore(Model);
        store.Write([.. Enumerable.Range(0, 2_000).Select(i => new FgaTuple("user:anne", "viewer", $"document:{i}"))]);

        var result = store.ListObjects(new FgaListObjectsRequest { User = "user:anne", Relation = "viewer", Type = "document", Deadline = TimeSpan.FromTicks(1) });

        result.IsError.ShouldBeFalse();
        result.Truncated.ShouldBeTrue();
        result.Items.Count.ShouldBeLessThan(2_000);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, 0L)]
    public void ListObjects_NonPositiveLimits_AreValidationErrors(int? maxResults, long? deadlineTicks)
    {
        var result = new EmbeddedFgaStore(Model).ListObjects(new FgaListObjectsRequest
        {
            User = "user:anne", Relation = "viewer", Type = "document",
            MaxResults = maxResults, Deadline = deadlineTicks is { } t ? TimeSpan.FromTicks(t) : null,
        });

        result.ErrorCode.ShouldBe(FgaErrorCode.ValidationError);
    }

    private static bool Allowed(EmbeddedFgaStore store, string user, string relation, string obj)
    {
        var result = store.Check(new FgaCheckRequest { User = user, Relation = relation, Object = obj });
        result.IsError.ShouldBeFalse(result.Message);
        return result.Allowed;
    }
}
