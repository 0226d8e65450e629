using System.Text;
using AgentCore.Security.Gateway.Internal;

namespace AgentCore.Security.Tests.Gateway;

public sealed class McpBodyTests
{
    [Fact]
    public void Read_SingleBatchAndResponses()
    {
        McpBody.Read(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"echo"}}"""), out var single, out var isBatch).ShouldBeNull();
        McpBody.Read(Encoding.UTF8.GetBytes("""[{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":3,"result":{}}]"""), out var batch, out var wasBatch).ShouldBeNull();

        single.ShouldHaveSingleItem().ShouldBe(new McpMessage("tools/call", "\"a\"", "echo"));
        isBatch.ShouldBeFalse();
        batch.ShouldBe([new McpMessage("notifications/initialized", null, null), new McpMessage(null, "3", null)]);
        wasBatch.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""", "not JSON-RPC 2.0")]
    [InlineData("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"echo"}}""", "as a notification")]
    [InlineData("""{"jsonrpc":"2.0","id":{},"method":"ping"}""", "neither a string nor a number")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}""", "names no tool")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", "neither a request")]
    [InlineData("""[1]""", "not a JSON object")]
    [InlineData("""{"jsonrpc":"2.0",""", "not JSON")]
    public void Read_WhatCannotBeAuthorized_IsAProblem(string body, string problem)
    {
        McpBody.Read(Encoding.UTF8.GetBytes(body), out _, out _).ShouldNotBeNull().ShouldContain(problem);
    }

    [Fact]
    public async Task FilterTools_EventStream_KeepsThePrimingEventAndOtherMessages_AndFiltersTheListedAnswerOnly()
    {
        var stream = "id: 1\ndata: \n\nevent: message\nid: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"tools\":[{\"name\":\"echo\"},{\"name\":\"get-env\"}]}}\n\n"
            + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{\"tools\":[{\"name\":\"get-env\"}]}}\n\n";

        var filtered = await McpBody.FilterToolsAsync(Encoding.UTF8.GetBytes(stream), eventStream: true, ["5"], name => ValueTask.FromResult(name == "echo"));

        Encoding.UTF8.GetString(filtered.ShouldNotBeNull()).ShouldBe(
            "id: 1\ndata: \n\nevent: message\nid: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"tools\":[{\"name\":\"echo\"}]}}\n\n"
            + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{\"tools\":[{\"name\":\"get-env\"}]}}\n\n");
    }

    [Fact]
    public async Task FilterTools_Json_DropsUnnamedTools_AndUnreadableBodiesAreRefused()
    {
        var json = """{"jsonrpc":"2.0","id":"x","result":{"tools":[{"name":"echo"},{"title":"no name"},{"name":"get-env"}]}}""";

        var filtered = await McpBody.FilterToolsAsync(Encoding.UTF8.GetBytes(json), eventStream: false, ["\"x\""], _ => ValueTask.FromResult(true));
        var unreadable = await McpBody.FilterToolsAsync(Encoding.UTF8.GetBytes("data: {"), eventStream: true, ["1"], _ => ValueTask.FromResult(true));

        Encoding.UTF8.GetString(filtered.ShouldNotBeNull()).ShouldBe("""{"jsonrpc":"2.0","id":"x","result":{"tools":[{"name":"echo"},{"name":"get-env"}]}}""");
        unreadable.ShouldBeNull();
    }
}
