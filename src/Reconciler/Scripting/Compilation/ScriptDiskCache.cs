using System.Reflection;

namespace GitOpsFleet.Scripting.Compilation;

/// <summary>
/// Compiled scripts on disk. Only scripts that passed the sandbox check and the budget rewrite are stored
/// (the compiler stores after a successful emit), and the key includes this engine's build id, so a changed
/// allow-list or rewriter never loads an assembly made by an older one. This type touches no Roslyn type,
/// so a process that finds its scripts here never loads the compiler at all.
/// </summary>
internal sealed class ScriptDiskCache(string directory)
{
    private static readonly string EngineBuild = typeof(ScriptDiskCache).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public CompiledScript? TryLoad(string hash)
    {
        var stem = Stem(hash);
        try
        {
            if (!File.Exists(stem + ".entry")) return null;
            var entryLines = File.ReadAllLines(stem + ".entry");
            if (entryLines.Length != 2) return null;
            var context = new ScriptLoadContext($"gitopsfleet-script-{hash[..16]}-disk");
            using var assembly = File.OpenRead(stem + ".dll");
            using var pdb = File.OpenRead(stem + ".pdb");
            var loaded = context.LoadFromStream(assembly, pdb);
            var type = loaded.GetType(entryLines[0], throwOnError: true)!;
            var factory = type.GetMethod(entryLines[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            return CompiledScript.Loaded(hash, factory.CreateDelegate<Func<object?[], Task<int>>>(), context);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or TypeLoadException or ArgumentException or NullReferenceException)
        {
            // A damaged or foreign entry is ignored; the script is compiled again.
            return null;
        }
    }

    public void Store(string hash, byte[] assembly, byte[] pdb, string typeName, string methodName)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var stem = Stem(hash);
            var temp = stem + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp + ".dll", assembly);
            File.WriteAllBytes(temp + ".pdb", pdb);
            File.Move(temp + ".dll", stem + ".dll", overwrite: true);
            File.Move(temp + ".pdb", stem + ".pdb", overwrite: true);
            // The entry file is written last: its presence says the pair beside it is complete.
            File.WriteAllLines(temp + ".entry", [typeName, methodName]);
            File.Move(temp + ".entry", stem + ".entry", overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The disk cache is an optimisation; the script still runs from memory.
        }
    }

    private string Stem(string hash) => Path.Combine(directory, $"{hash[..32]}-{EngineBuild}");
}
