using AgentCore.Security.Gateway.Internal;
using Microsoft.AspNetCore.Http;

namespace AgentCore.Security.Tests.Gateway;

public sealed class BearerTokenTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("Basic YWxpY2U6cHc=", null)]
    [InlineData("Bearer", null)]
    [InlineData("Bearer ", null)]
    [InlineData("Bearer    ", "")]
    [InlineData("Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("bearer  abc.def.ghi ", "abc.def.ghi")]
    public void Read_TakesTheTokenOfABearerHeaderOnly(string? header, string? expected)
    {
        new BearerToken().Read(Request(header)).ShouldBe(expected);
    }

    [Fact]
    public void Read_TheSameTokenAgain_IsTheSameString_AndAnotherTokenIsNeverTakenForIt()
    {
        var bearer = new BearerToken();

        var first = bearer.Read(Request("Bearer aaaa.bbbb.cccc"));
        var again = bearer.Read(Request("Bearer aaaa.bbbb.cccc"));
        var lastCharacterDiffers = bearer.Read(Request("Bearer aaaa.bbbb.cccd"));
        var longer = bearer.Read(Request("Bearer aaaa.bbbb.cccdx"));
        var shorter = bearer.Read(Request("Bearer aaaa.bbbb.ccc"));

        again.ShouldBeSameAs(first);
        lastCharacterDiffers.ShouldBe("aaaa.bbbb.cccd");
        longer.ShouldBe("aaaa.bbbb.cccdx");
        shorter.ShouldBe("aaaa.bbbb.ccc");
    }

    [Fact]
    public void Read_TheSameTokenAgain_AllocatesNothing()
    {
        var bearer = new BearerToken();
        var request = Request("Bearer " + new string('t', 700));
        var first = bearer.Read(request);

        var others = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            others += ReferenceEquals(bearer.Read(request), first) ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        others.ShouldBe(0);
        allocated.ShouldBe(0);
    }

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }
}
