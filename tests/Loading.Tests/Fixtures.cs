using GitOpsFleet.Model;

namespace GitOpsFleet.Loading.Tests;

/// <summary>Small fleets for tests: a valid fleet.yaml and pool, which each test breaks in one or more places.</summary>
internal static class Fixtures
{
    public const string FleetYaml = """
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: testnet
        spec:
          reconcile: {interval: 30s, mode: auto, prune: true, allowEmpty: false, maxParallel: 2}
          drift: {action: heal}

        """;

    /// <summary>A valid pool; line numbers are relied on by tests (software on line 7, replicas on 8-10).</summary>
    public static string Pool(string name = "rpc") => $$"""
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: {{name}}
        spec:
          provider: local
          software: {name: geth, version: 1.16.7}
          replicas:
            min: 1
            max: 3

        """;

    public static InMemorySnapshot Snapshot(params (string Path, string Text)[] files) =>
        new("0123456789abcdef0123456789abcdef01234567", files.Select(f => new KeyValuePair<string, string>(f.Path, f.Text)));

    public static InMemorySnapshot WithFleet(params (string Path, string Text)[] files) =>
        Snapshot(new[] { ("fleet.yaml", FleetYaml) }.Concat(files).ToArray());

    public static FleetLoadResult Load(ISourceSnapshot snapshot) => new FleetLoader().Load(snapshot);

    public static IReadOnlyList<string> Lines(FleetLoadResult result) => result.Diagnostics.Select(d => d.ToString()).ToList();

    /// <summary>The repository root (the folder holding GitOpsFleet.sln), found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("GitOpsFleet.sln not found above " + AppContext.BaseDirectory);
    }
}
