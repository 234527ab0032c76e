using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Sandbox;

/// <summary>
/// Each class of escape in several spellings. Every script would leave a trace if it ran (a marker file, a process
/// that creates it, an environment variable, a counter), and the tests check that no trace is left.
/// </summary>
public sealed class HostileScriptTests(EngineFixture fixture) : IClassFixture<EngineFixture>, IDisposable
{
    private const string EnvMarker = "GITOPSFLEET_HOSTILE_MARKER";
    private readonly string _directory = Directory.CreateTempSubdirectory("gitopsfleet-hostile-").FullName;
    private readonly ScalingScriptEngine _engine = fixture.Engine;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string, string> Refused => new()
    {
        // files and directories
        { "file, plain", "System.IO.File.WriteAllText(MARKER, \"x\");\nreturn 1;", "System.IO.File" },
        { "file, alias", "using F = System.IO.File;\nF.WriteAllText(MARKER, \"x\");\nreturn 1;", "System.IO.File" },
        { "file, global::", "global::System.IO.File.WriteAllText(MARKER, \"x\");\nreturn 1;", "System.IO.File" },
        { "file, using namespace", "using System.IO;\nFile.WriteAllText(MARKER, \"x\");\nreturn 1;", "System.IO" },
        { "file, using static", "using static System.IO.File;\nWriteAllText(MARKER, \"x\");\nreturn 1;", "System.IO.File" },
        { "file, FileInfo", "new System.IO.FileInfo(MARKER).Create().Dispose();\nreturn 1;", "System.IO.FileInfo" },
        { "file, StreamWriter", "var w = new System.IO.StreamWriter(MARKER);\nw.Write(\"x\"); w.Dispose();\nreturn 1;", "System.IO.StreamWriter" },
        { "file, method group", "Action<string, string> write = System.IO.File.WriteAllText;\nwrite(MARKER, \"x\");\nreturn 1;", "System.IO.File" },
        { "file, var method group", "var read = System.IO.File.ReadAllText;\nreturn 1;", "System.IO.File" },
        { "file, lambda", "Func<string, bool> exists = p => System.IO.File.Exists(p);\nreturn exists(MARKER) ? 1 : 2;", "System.IO.File" },
        { "file, default(T)", "var f = default(System.IO.FileInfo);\nreturn 1;", "System.IO.FileInfo" },
        { "file, generic argument", "var l = new List<System.IO.FileInfo>();\nreturn l.Count;", "System.IO.FileInfo" },
        { "file, base class", "class S : System.IO.MemoryStream { }\nreturn 1;", "System.IO.MemoryStream" },
        { "file, directory", "System.IO.Directory.CreateDirectory(MARKER);\nreturn 1;", "System.IO.Directory" },
        { "file, alias to namespace", "using IO = System.IO;\nIO.File.WriteAllText(MARKER, \"x\");\nreturn 1;", "System.IO" },
        // processes
        // environment, console, app context, GC
        { "environment, read", "var v = Environment.GetEnvironmentVariable(\"HOME\");\nreturn v.Length;", "System.Environment" },
        { "environment, write", "Environment.SetEnvironmentVariable(ENVMARKER, \"1\");\nreturn 1;", "System.Environment" },
        { "environment, exit", "System.Environment.Exit(3);\nreturn 1;", "System.Environment" },
        { "environment, fail fast", "global::System.Environment.FailFast(\"x\");\nreturn 1;", "System.Environment" },
        { "app context", "AppContext.SetData(\"x\", 1);\nreturn 1;", "System.AppContext" },
        { "gc", "GC.Collect();\nreturn 1;", "System.GC" },
        { "gc, alias", "using G = System.GC;\nG.AddMemoryPressure(1 << 30);\nreturn 1;", "System.GC" },
        { "real clock", "return DateTime.Now.Hour;", "DateTime.Now" },
        { "string intern", "return string.Intern(\"x\").Length;", "string.Intern" },
        // reflection
        { "typeof", "var asm = typeof(int).Assembly;\nreturn 1;", "typeof" },
        { "GetType", "var t = Current.GetType();\nreturn 1;", "GetType" },
        { "GetType chain", "var m = \"\".GetType().GetMethod(\"Trim\");\nreturn 1;", "GetType" },
        { "Type variable", "System.Type t = null;\nreturn 1;", "System.Type" },
        { "activator", "var o = Activator.CreateInstance<System.Text.StringBuilder>();\nreturn 1;", "System.Activator" },
        { "delegate Method", "Func<int> f = () => 1;\nreturn f.Method.Name.Length;", "Method" },
        { "delegate DynamicInvoke", "Func<int> f = () => 1;\nreturn (int)f.DynamicInvoke();", "DynamicInvoke" },
        { "exception TargetSite", "var e = new Exception();\nvar m = e.TargetSite;\nreturn 1;", "TargetSite" },
        { "exception Data", "var e = new Exception();\nvar d = e.Data;\nreturn 1;", "Data" },
        { "reflection emit", "var n = new System.Reflection.AssemblyName(\"x\");\nreturn 1;", "System.Reflection.AssemblyName" },
        { "runtime helpers", "var o = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(null);\nreturn 1;", "RuntimeHelpers" },
        { "unsafe class", "var x = System.Runtime.CompilerServices.Unsafe.SizeOf<int>();\nreturn x;", "System.Runtime.CompilerServices.Unsafe" },
        { "load context", "var c = System.Runtime.Loader.AssemblyLoadContext.Default;\nreturn 1;", "AssemblyLoadContext" },
        // dynamic and expression trees
        { "dynamic local", "dynamic d = 1;\nreturn d + 1;", "dynamic" },
        { "dynamic cast", "var o = (object)Pool;\nvar n = ((dynamic)o).Name;\nreturn 1;", "dynamic" },
        // threads and tasks
        { "thread", "new System.Threading.Thread(() => { }).Start();\nreturn 1;", "System.Threading.Thread" },
        { "task run", "System.Threading.Tasks.Task.Run(() => System.IO.File.WriteAllText(MARKER, \"x\")).Wait();\nreturn 1;", "System.Threading.Tasks.Task" },
        // Script text the sandbox must refuse before anything runs: no clock is involved.
        { "await", "await System.Threading.Tasks.Task.Delay(1);\nreturn 1;", "await" },
        { "async lambda", "Func<System.Threading.Tasks.Task> f = async () => { };\nreturn 1;", "async" },
        { "thread pool", "System.Threading.ThreadPool.QueueUserWorkItem(_ => { });\nreturn 1;", "System.Threading.ThreadPool" },
        { "timer", "var t = new System.Threading.Timer(_ => { }, null, 0, 1);\nreturn 1;", "System.Threading.Timer" },
        { "lock", "lock (Pool) { }\nreturn 1;", "lock" },
        // unsafe code and interop
        { "unsafe block", "unsafe { int x = 1; int* p = &x; return *p; }", "unsafe" },
        { "stackalloc", "Span<int> s = stackalloc int[4];\nreturn s.Length;", "stackalloc" },
        { "function pointer", "unsafe { delegate*<int> p = null; }\nreturn 1;", "unsafe" },
        { "marshal", "var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(10);\nreturn 1;", "Marshal" },
        { "dll import", "class N { [System.Runtime.InteropServices.DllImport(\"libc\")] public static extern int getpid(); }\nreturn 1;", "attributes" },
        { "module initializer", "class M { [System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { } }\nreturn 1;", "attributes" },
        { "makeref", "int x = 1;\nvar r = __makeref(x);\nreturn 1;", "__makeref" },
        { "arglist", "int F(__arglist) => 1;\nreturn F(__arglist(1));", "__arglist" },
        { "finalizer", "class C { ~C() { } }\nreturn 1;", "finalizers" },
        // directives
        { "#r", "#r \"System.IO.dll\"\nreturn 1;", "'r' directives" },
        { "#load", "#load \"other.csx\"\nreturn 1;", "'load' directives" },
        // our own machinery
        { "budget internals", "GitOpsFleet.Scripting.Sandbox.ScriptBudget.Exit();\nreturn 1;", "ScriptBudget" },
        { "engine", "var e = new GitOpsFleet.Scripting.ScalingScriptOptions();\nreturn 1;", "ScalingScriptOptions" },
        { "metrics source", "GitOpsFleet.Scripting.Metrics.IMetricsSource s = null;\nreturn 1;", "IMetricsSource" },
        // sizes reserved ahead of the memory check
        { "capacity", "var l = new List<int>();\nl.Capacity = 500_000_000;\nreturn 1;", "Capacity" },
    };

    public static TheoryData<string, string> NotCompiled => new()
    {
        { "process, plain", "System.Diagnostics.Process.Start(\"touch\", MARKER);\nreturn 1;" },
        { "process, alias", "using P = System.Diagnostics.Process;\nP.Start(\"touch\", MARKER);\nreturn 1;" },
        { "process, info", "var i = new System.Diagnostics.ProcessStartInfo(\"touch\", MARKER);\nreturn 1;" },
        { "console", "Console.WriteLine(\"x\");\nreturn 1;" },
        { "expression tree", "System.Linq.Expressions.Expression<Func<int>> e = () => 1;\nreturn e.Compile()();" },
        { "queryable", "var q = new[] { 1 }.AsQueryable();\nreturn q.Count();" },
        { "queryable, using static", "using static System.Linq.Queryable;\nreturn 1;" },
        { "http client", "var c = new System.Net.Http.HttpClient();\nreturn 1;" },
        { "socket", "var s = new System.Net.Sockets.Socket(default, default, default);\nreturn 1;" },
        { "regex", "var r = new System.Text.RegularExpressions.Regex(\"x\");\nreturn 1;" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Hostile_IsRefused_WithNoSideEffect(string name, string source, string named)
    {
        var marker = Path.Combine(_directory, "marker-" + name.Replace(' ', '-').Replace(',', '_'));
        var script = source.Replace("ENVMARKER", $"\"{EnvMarker}\"").Replace("MARKER", $"\"{marker}\"");

        var result = await _engine.EvaluateAsync(TestPools.Request(script, current: 3, path: "hostile.csx"), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Refused, result);
        Assert.Equal(3, result.Replicas);
        Assert.All(result.Diagnostics, d => Assert.Matches(@"^hostile\.csx:\d+: ", d));
        Assert.Contains(result.Diagnostics, d => d.Contains(named, StringComparison.Ordinal));
        // A started process would have had time to touch the marker within the window.
        await Eventually.HoldsForAsync(() => !File.Exists(marker) && !Directory.Exists(marker), TimeSpan.FromMilliseconds(50), $"{name}: the script left {marker}");
        Assert.False(File.Exists(marker) || Directory.Exists(marker), $"{name}: the script left {marker}");
        Assert.Null(Environment.GetEnvironmentVariable(EnvMarker));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    /// <summary>Types outside the referenced assemblies (processes, console, network, expression trees, Queryable) do not even bind.</summary>
    [Theory]
    [MemberData(nameof(NotCompiled))]
    public async Task Hostile_UnreferencedAssembly_DoesNotCompile_WithNoSideEffect(string name, string source)
    {
        var marker = Path.Combine(_directory, "marker-" + name.Replace(' ', '-').Replace(',', '_'));
        var result = await _engine.EvaluateAsync(TestPools.Request(source.Replace("MARKER", $"\"{marker}\""), current: 3, path: "hostile.csx"), CancellationToken.None);

        Assert.True(result.Outcome is ScalingOutcome.CompileError or ScalingOutcome.Refused, $"{name}: {result.Outcome}");
        Assert.Equal(3, result.Replicas);
        Assert.StartsWith("hostile.csx:1: ", result.Diagnostics[0]);
        await Eventually.HoldsForAsync(() => Directory.GetFileSystemEntries(_directory).Length == 0, TimeSpan.FromMilliseconds(50), $"{name}: the script left a file");
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public async Task NameOf_IsAllowed_EvenOfForbiddenNames()
    {
        var result = await _engine.EvaluateAsync(TestPools.Request("return nameof(System.IO.File).Length;", path: "ok.csx"), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(4, result.Wanted);
    }

    [Fact]
    public async Task Refusal_ListsEveryProblem_WithLines()
    {
        var diagnostics = await _engine.CheckAsync("multi.csx", "var a = 1;\nEnvironment.Exit(a);\nGC.Collect();\nreturn System.IO.File.Exists(\"x\") ? 1 : 2;", CancellationToken.None);

        Assert.Contains(diagnostics, d => d.StartsWith("multi.csx:2: ", StringComparison.Ordinal) && d.Contains("System.Environment"));
        Assert.Contains(diagnostics, d => d.StartsWith("multi.csx:3: ", StringComparison.Ordinal) && d.Contains("System.GC"));
        Assert.Contains(diagnostics, d => d.StartsWith("multi.csx:4: ", StringComparison.Ordinal) && d.Contains("System.IO.File"));
    }
}
