using System.Runtime.CompilerServices;
using AgentCore.Security.Fuzz;
using SharpFuzz;

// The fuzz driver. fuzz/run.sh builds it, instruments the library assemblies beside it and runs afl-fuzz on it.
//   list                          the targets
//   seed <target> <folder> [shared]  writes the target's seed corpus
//   run <target>                  one input from stdin; under afl-fuzz, SharpFuzz's fork server loop
//   replay <target> <path>...     every file (or every file of a folder) once; exit 1 on a finding
//   instrument <folder>           instruments AgentCore.Security*.dll and YamlDotNet.dll in that folder, in place
if (args is ["instrument", var folder])
{
    return Instrumentation.Run(folder);
}

return Driver.Run(args);

internal static class Instrumentation
{
    // Kept apart from the targets so that no library assembly is loaded while it is rewritten.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string folder)
    {
        var assemblies = Directory.GetFiles(folder, "AgentCore.Security*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("AgentCore.Security.Fuzz", StringComparison.Ordinal))
            .Append(Path.Combine(folder, "YamlDotNet.dll"))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var assembly in assemblies)
        {
            Fuzzer.Instrument(assembly, static _ => true, Options.Value);
            Console.WriteLine($"instrumented {Path.GetFileName(assembly)}");
        }

        return 0;
    }
}

internal static class Driver
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args)
    {
        switch (args)
        {
            case ["list"]:
                foreach (var target in FuzzTargets.All)
                {
                    Console.WriteLine($"{target.Name,-15} {target.Description}");
                }

                return 0;
            case ["seed", var name, var folder, .. var rest]:
                return Seed(Target(name), folder, rest.FirstOrDefault());
            case ["run", var name]:
                var run = Target(name);
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    run.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                });
                return 0;
            case ["replay", var name, .. var paths] when paths.Length > 0:
                return Replay(Target(name), paths);
            default:
                Console.Error.WriteLine("usage: list | seed <target> <folder> [shared] | run <target> | replay <target> <path>... | instrument <folder>");
                return 2;
        }
    }

    private static FuzzTarget Target(string name) =>
        FuzzTargets.Find(name) ?? throw new ArgumentException($"No fuzz target '{name}'; 'list' names them.", nameof(name));

    private static int Seed(FuzzTarget target, string folder, string? shared)
    {
        Directory.CreateDirectory(folder);
        var count = 0;
        foreach (var (name, data) in target.Seeds(shared))
        {
            File.WriteAllBytes(Path.Combine(folder, name), data);
            count++;
        }

        Console.WriteLine($"{target.Name}: {count} seeds in {folder}");
        return count > 0 ? 0 : 1;
    }

    private static int Replay(FuzzTarget target, string[] paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)) : [p]).Order(StringComparer.Ordinal).ToList();
        var findings = 0;
        var kinds = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                findings++;
                Console.WriteLine($"FINDING {file}: {e.GetType().FullName}: {e.Message}");
                Console.WriteLine(e.StackTrace);

                // One kind per exception type and the library frame it left from, so that 70 crashes read as their 3 causes.
                var frame = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at AgentCore.Security", StringComparison.Ordinal) && !l.StartsWith("at AgentCore.Security.Fuzz", StringComparison.Ordinal)) ?? "(no library frame)";
                var kind = $"{e.GetType().Name} {frame.Split(" in ")[0]}";
                (kinds.TryGetValue(kind, out var list) ? list : kinds[kind] = []).Add(file);
            }
        }

        foreach (var (kind, list) in kinds)
        {
            Console.WriteLine($"KIND {list.Count,5} {kind}  e.g. {list[0]}");
        }

        Console.WriteLine($"{target.Name}: {files.Count} inputs replayed, {findings} findings");
        return findings == 0 ? 0 : 1;
    }
}
