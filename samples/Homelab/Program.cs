return args is ["serve", ..]
    ? await Homelab.HomelabServe.RunAsync(Console.Out)
    : await Homelab.HomelabRun.RunAsync(Console.Out);
