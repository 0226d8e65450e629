return await Homelab.HomelabRun.RunAsync(Console.Out);
