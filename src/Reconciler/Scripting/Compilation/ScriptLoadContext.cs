using System.Reflection;
using System.Runtime.Loader;

namespace GitOpsFleet.Scripting.Compilation;

/// <summary>
/// One compiled script per collectible context, so an evicted script's assembly is unloaded once nothing runs it.
/// Everything it references (CoreLib, System.Linq, this assembly for the globals) resolves from the default context,
/// so the globals type a script sees is the one the engine creates.
/// </summary>
internal sealed class ScriptLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
