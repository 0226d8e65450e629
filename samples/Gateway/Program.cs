return await GatewaySample.GatewayRun.RunAsync(Console.Out);
