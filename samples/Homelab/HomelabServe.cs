namespace Homelab;

/// <summary>
/// <c>dotnet run --project samples/Homelab -- serve</c>: keeps the fleet running on loopback and says how to reach the
/// network controller's protected MCP server with a development token (for example from the MCP Inspector).
/// </summary>
public static class HomelabServe
{
    private const string UserPassword = "correct horse battery staple";

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var fleet = await Fleet.StartAsync(UserPassword, cancellationToken);
        fleet.Describe(output);
        var mcp = new Uri(fleet.NetworkController.BaseAddress, "mcp");
        output.WriteLine("A development token for the network controller's MCP server (alice, as the homelab CLI; loopback only):");
        output.WriteLine();
        output.WriteLine($"  curl -s {fleet.TokenService.TokenEndpoint} -d grant_type=password -d client_id=homelab-cli \\");
        output.WriteLine($"    -d username=alice -d 'password={UserPassword}' -d 'scope=read:alerts' -d 'resource={Fleet.NetworkControllerResource}'");
        output.WriteLine();
        output.WriteLine($"Then connect an MCP client (Streamable HTTP) to {mcp} with the header 'Authorization: Bearer <access_token>',");
        output.WriteLine("for example: npx @modelcontextprotocol/inspector, transport Streamable HTTP, URL above, the header under Authentication.");
        output.WriteLine("tools/list shows what alice's token may call; without the header the server answers 401 with its resource_metadata.");
        output.WriteLine();
        output.WriteLine("Press Ctrl+C to stop.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("Stopped.");
        }

        return 0;
    }
}
