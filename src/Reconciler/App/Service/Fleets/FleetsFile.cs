using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>
/// fleets.yaml: the fleets one service keeps reconciled.
/// <code>
/// fleets:
///   - name: mainnet
///     repository: https://git.example/ops/mainnet.git
///     ref: main
///     path: fleets/mainnet                 # optional: the fleet's folder in the repository
///     credentials: {username: bot, tokenEnv: MAINNET_GIT_TOKEN}   # or tokenFile: /run/secrets/token
///     policy: {repo: https://git.example/sec/policies.git, ref: main, path: fleet/}
/// notifications:                         # optional: targets of every fleet, besides each fleet.yaml's own
///   - {name: ops-chat, kind: slack, urlFrom: {env: SLACK_URL}, events: [run-failed]}
/// </code>
/// </summary>
internal static class FleetsFile
{
    public static IReadOnlyList<FleetDefinition> Read(string path, List<string> problems)
    {
        FleetsDocument? doc;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            doc = deserializer.Deserialize<FleetsDocument>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            problems.Add($"{path}:{ex.Start.Line}:{ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            return [];
        }
        catch (IOException ex)
        {
            problems.Add($"{path}: cannot read: {ex.Message}");
            return [];
        }
        var result = new List<FleetDefinition>();
        if (doc?.Fleets is not { Count: > 0 } entries)
        {
            problems.Add($"{path}: lists no fleets (expected a 'fleets:' list)");
            return result;
        }
        var defaults = Notifications(path, problems);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var where = $"{path}: fleets[{i}]";
            if (string.IsNullOrWhiteSpace(e.Name)) problems.Add($"{where}: name is required");
            else if (!FleetCatalog.IsValidName(e.Name)) problems.Add($"{where}: name '{e.Name}' must be lower-case letters, digits and '-'");
            if (string.IsNullOrWhiteSpace(e.Repository))
            {
                problems.Add($"{where}: repository is required");
                continue;
            }
            var fleetPath = string.IsNullOrEmpty(e.Path) || e.Path is "." or "/" ? null : e.Path.Trim('/');
            if (fleetPath is not null && (fleetPath.Split('/').Contains("..") || System.IO.Path.IsPathRooted(e.Path)))
            {
                problems.Add($"{where}: path '{e.Path}' must be a folder inside the repository");
            }
            var credentials = Credentials(e.Credentials, where, problems);
            GitOpsFleet.Model.PolicySource? policy = null;
            if (e.Policy is { } p)
            {
                foreach (var key in p.Keys.Where(k => k is not ("repo" or "ref" or "path"))) problems.Add($"{where}: unknown field 'policy.{key}' (expected repo, ref, path)");
                if (!p.TryGetValue("repo", out var policyRepo) || string.IsNullOrWhiteSpace(policyRepo)) problems.Add($"{where}: policy.repo is required");
                else policy = new GitOpsFleet.Model.PolicySource(policyRepo, p.GetValueOrDefault("ref"), p.GetValueOrDefault("path"));
            }
            var repo = e.Repository.Contains("://", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(e.Repository) ? e.Repository : System.IO.Path.Combine(baseDir, e.Repository);
            if (!string.IsNullOrWhiteSpace(e.Name)) result.Add(new FleetDefinition(e.Name, Git.RepositoryLocation.Parse(repo), string.IsNullOrWhiteSpace(e.Ref) ? null : e.Ref, fleetPath, credentials, policy, defaults));
        }
        foreach (var dup in result.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{path}: fleet '{dup.Key}' is listed {dup.Count()} times");
        }
        return result;
    }

    /// <summary>
    /// The service-wide notification targets, read by the fleet loader's own reader so they take the same fields and
    /// report problems located the same way (fleets.yaml:7:9: error FLEET001: ...).
    /// </summary>
    private static IReadOnlyList<GitOpsFleet.Model.NotificationTarget> Notifications(string path, List<string> problems)
    {
        var diagnostics = new List<GitOpsFleet.Model.Diagnostic>();
        var targets = GitOpsFleet.Loading.ServiceNotificationsReader.Read(File.ReadAllText(path), path, diagnostics);
        problems.AddRange(diagnostics.Where(d => d.Severity == GitOpsFleet.Model.DiagnosticSeverity.Error)
            .OrderBy(d => d.Line).ThenBy(d => d.Column).Select(d => d.ToString()));
        return targets;
    }

    /// <summary>A fleet's own Git credentials, by environment variable or file (never a value in the file).</summary>
    private static Git.GitCredentials? Credentials(Dictionary<string, string>? settings, string where, List<string> problems)
    {
        if (settings is null) return null;
        foreach (var key in settings.Keys.Where(k => k is not ("username" or "tokenEnv" or "tokenFile"))) problems.Add($"{where}: unknown field 'credentials.{key}' (expected username, tokenEnv, tokenFile; secrets are named, never written here)");
        string? token = null;
        if (settings.TryGetValue("tokenEnv", out var env))
        {
            token = Environment.GetEnvironmentVariable(env);
            if (string.IsNullOrEmpty(token)) problems.Add($"{where}: credentials.tokenEnv names {env}, which is not set");
        }
        else if (settings.TryGetValue("tokenFile", out var file))
        {
            if (!File.Exists(file)) problems.Add($"{where}: credentials.tokenFile {file} does not exist");
            else token = File.ReadAllText(file).Trim();
        }
        else
        {
            problems.Add($"{where}: credentials need tokenEnv or tokenFile");
        }
        return token is null ? null : new Git.GitCredentials(settings.GetValueOrDefault("username"), token);
    }

    private sealed class FleetsDocument
    {
        public List<FleetEntry>? Fleets { get; set; }

        /// <summary>Read apart, by <see cref="FleetsFile.Notifications"/>; named here so the deserializer accepts the key.</summary>
        public List<object>? Notifications { get; set; }
    }

    private sealed class FleetEntry
    {
        public string? Name { get; set; }
        public string? Repository { get; set; }
        public string? Ref { get; set; }
        public string? Path { get; set; }
        public Dictionary<string, string>? Credentials { get; set; }
        public Dictionary<string, string>? Policy { get; set; }
    }
}
