using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Opa;
using GitOpsFleet.Policies.Values;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Policy;

/// <summary>
/// Evaluates the admission and plan stages with the embedded engine (or a real OPA server) and fails
/// closed: a policy that does not parse, errors, or times out denies the run and names file and rule.
/// Compiled policies are cached by revision, so a warm run only evaluates.
/// </summary>
internal sealed class RegoPolicyGate(GitSource git, HttpClient http, TimeProvider time, TimeSpan? timeout = null) : IPolicyGate
{
    private readonly ConcurrentDictionary<string, PolicyEngine> _engines = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(5);

    public async Task<PolicyDecision> EvaluateAsync(PolicyGateInput input, CancellationToken cancellationToken)
    {
        var settings = input.Spec.Policies;
        var decisions = new JsonArray();
        var denials = new List<string>();
        var warnings = new List<string>();
        var stages = new (string Name, string Query, Func<JsonObject> Input)[]
        {
            ("admission", settings.Admission, () => PolicyInputBuilder.Admission(input)),
            ("plan", settings.Plan, () => PolicyInputBuilder.PlanStage(input)),
        };

        if (settings.Engine == PolicyEngineKind.Opa)
        {
            if (settings.OpaUrl is not { Length: > 0 } url)
            {
                return Deny("policies.engine is opa but policies.opa.url is not set; nothing is applied", decisions);
            }
            var client = new OpaClient(http, new OpaClientOptions { BaseAddress = new Uri(url), Timeout = _timeout }, time);
            foreach (var stage in stages)
            {
                var doc = stage.Input();
                var clock = time.GetTimestamp();
                using var span = ChildSpans.Start("policy.evaluate", TelemetryTags.Stage, stage.Name);
                span?.SetTag(TelemetryTags.PolicyEngine, "opa");
                try
                {
                    var result = await client.EvaluateAsync(stage.Query.StartsWith("data.", StringComparison.Ordinal) ? stage.Query[5..].Replace('.', '/') : stage.Query.Replace('.', '/'), ValueJson.FromNode(doc), cancellationToken);
                    Collect(stage.Name, result.Result is { } v ? ValueJson.ToNode(v) : null, denials, warnings, stage.Query, null);
                    decisions.Add(Record(stage.Name, stage.Query, null, $"opa {url}", doc, denials, warnings, time.GetElapsedTime(clock), result.DecisionId));
                }
                catch (OpaClientException ex)
                {
                    denials.Add($"{stage.Name}: the OPA server could not evaluate {stage.Query}: {ex.Message}");
                    decisions.Add(Record(stage.Name, stage.Query, null, $"opa {url}", doc, denials, warnings, time.GetElapsedTime(clock), null));
                }
            }
            return Result(denials, warnings, decisions);
        }

        // Embedded engine: policies from the fleet repository, or a separate policy repository.
        var (files, revision, problem) = await LoadFilesAsync(input, settings, cancellationToken);
        if (problem is not null) return Deny(problem, decisions);
        if (files.Count == 0)
        {
            warnings.Add($"no policies found under {settings.Path}/ at {Short(revision)}: nothing was evaluated");
            return new PolicyDecision(true, warnings[0], [], warnings, decisions);
        }
        PolicyEngine engine;
        var version = settings.RegoVersion == PolicyRegoVersion.V0 ? RegoVersion.V0 : RegoVersion.V1;
        try
        {
            engine = _engines.GetOrAdd($"{revision}:{settings.Path}:{version}", _ => Compile(files, version));
        }
        catch (PolicyCompileException ex)
        {
            var lines = ex.Diagnostics.Select(d => $"{(d.Location is { } l ? $"{settings.Path}/{l.File}:{l.Line}:{l.Column}: " : "")}{d.Code}: {d.Message}");
            return Deny($"policies at {Short(revision)} do not compile, so nothing is applied: {string.Join("; ", lines)}", decisions);
        }

        foreach (var stage in stages)
        {
            var doc = stage.Input();
            var clock = time.GetTimestamp();
            var file = PackageFile(files, stage.Query, settings.Path);
            using var span = ChildSpans.Start("policy.evaluate", TelemetryTags.Stage, stage.Name);
            span?.SetTag(TelemetryTags.PolicyEngine, "embedded");
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(_timeout);
            QueryResult result;
            try
            {
                var value = ValueJson.FromNode(doc);
                result = await Task.Run(() => engine.Evaluate(stage.Query, value, new EvalOptions { Time = time, QueryVersion = version }, budget.Token), budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                denials.Add($"{stage.Name}: {stage.Query} did not finish within {_timeout.TotalSeconds:0.#}s");
                decisions.Add(Record(stage.Name, stage.Query, file, revision, doc, denials, warnings, time.GetElapsedTime(clock), null));
                continue;
            }
            catch (Exception ex) when (ex is PolicyEvaluationException or PolicyCompileException)
            {
                denials.Add($"{stage.Name}: {stage.Query} cannot be evaluated: {ex.Message}");
                decisions.Add(Record(stage.Name, stage.Query, file, revision, doc, denials, warnings, time.GetElapsedTime(clock), null));
                continue;
            }
            if (result.Error is { } error)
            {
                var where = error.Location is { } l ? $"{settings.Path}/{l.File}:{l.Line}:{l.Column}: " : "";
                denials.Add($"{stage.Name}: {where}{error.Code}: {error.Message}");
            }
            else if (result.FirstValue is { } value)
            {
                Collect(stage.Name, ValueJson.ToNode(value), denials, warnings, stage.Query, file);
            }
            else
            {
                warnings.Add($"{stage.Name}: {stage.Query} is undefined (no policy package for this stage)");
            }
            decisions.Add(Record(stage.Name, stage.Query, file, revision, doc, denials, warnings, time.GetElapsedTime(clock), null));
        }
        return Result(denials, warnings, decisions);
    }

    /// <summary>Through the engine's one loader, as `policy eval` and `policy test` read a folder: tests left out, every data file at its folder's path.</summary>
    private static PolicyEngine Compile(IReadOnlyList<(string Path, string Text)> files, RegoVersion version) =>
        PolicyEngine.LoadFiles(files.Select(f => GitOpsFleet.Policies.Loading.PolicyFile.FromTree(f.Path, f.Text)).OfType<GitOpsFleet.Policies.Loading.PolicyFile>(), includeTests: false, version);

    private async Task<(IReadOnlyList<(string Path, string Text)> Files, string Revision, string? Problem)> LoadFilesAsync(PolicyGateInput input, PolicySettings settings, CancellationToken cancellationToken)
    {
        ISourceSnapshot snapshot = input.Snapshot;
        var path = settings.Path.Trim('/');
        GitSnapshot? separate = null;
        try
        {
            if (settings.Source is { } source)
            {
                try
                {
                    separate = await git.FetchAsync(RepositoryLocation.Parse(source.Repo), source.Ref, cancellationToken);
                }
                catch (GitSourceException ex)
                {
                    return ([], "", $"the policy repository cannot be fetched, so nothing is applied: {ex.Message}");
                }
                snapshot = separate;
                path = (source.Path ?? "").Trim('/');
            }
            var files = snapshot.ListFilesRecursive(path)
                .Where(f => f.EndsWith(".rego", StringComparison.Ordinal) || Path.GetFileName(f) is "data.yaml" or "data.yml" or "data.json" or ".manifest")
                .Select(f => (Path: path.Length == 0 ? f : f[(path.Length + 1)..], Text: snapshot.ReadText(f) ?? ""))
                .ToList();
            return (files, snapshot.Commit, null);
        }
        finally
        {
            separate?.Dispose();
        }
    }

    /// <summary>
    /// Each entry names the rule it came from and, when known, the policy file, so a person reading a denial or a
    /// warning can open the right file without searching the policy repository.
    /// </summary>
    private static void Collect(string stage, JsonNode? document, List<string> denials, List<string> warnings, string query, string? file)
    {
        if (document is not JsonObject doc) return;
        foreach (var (key, sink) in new[] { ("deny", denials), ("warn", warnings) })
        {
            if (doc[key] is not JsonArray items) continue;
            var origin = Evidence.FindingOrigin.Suffix($"{query}.{key}", file);
            foreach (var item in items)
            {
                sink.Add(item switch
                {
                    JsonValue v when v.TryGetValue<string>(out var s) => $"{stage}: {s}",
                    JsonObject o => $"{stage}: {(o["pool"] is { } pool ? $"pool {pool}: " : "")}{o["msg"] ?? o.ToJsonString()}{(o["severity"] is { } sev ? $" [{sev}]" : "")}",
                    _ => $"{stage}: {item?.ToJsonString()}",
                } + origin);
            }
        }
    }

    /// <summary>The policy file declaring the query's package (the first, when a package spans files); null when none does.</summary>
    internal static string? PackageFile(IReadOnlyList<(string Path, string Text)> files, string query, string root)
    {
        var package = query.StartsWith("data.", StringComparison.Ordinal) ? query[5..] : query;
        foreach (var (path, text) in files.Where(f => f.Path.EndsWith(".rego", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            foreach (var line in text.AsSpan().EnumerateLines())
            {
                var trimmed = line.Trim();
                if (!trimmed.StartsWith("package ", StringComparison.Ordinal)) continue;
                if (trimmed[8..].Trim().SequenceEqual(package)) return root.Trim('/').Length == 0 ? path : $"{root.Trim('/')}/{path}";
                break;
            }
        }
        return null;
    }

    /// <summary>
    /// One stage's entry in the decision log. The query and its package's file are kept so that evidence can count,
    /// per rule, the plans a rule allowed as well as those it warned on or denied (see PolicyEvidenceBuilder).
    /// </summary>
    private JsonObject Record(string stage, string query, string? file, string revision, JsonObject input, List<string> denials, List<string> warnings,
        TimeSpan elapsed, string? decisionId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.ToJsonString())));
        var mine = denials.Where(d => d.StartsWith(stage + ":", StringComparison.Ordinal)).ToList();
        var record = new JsonObject
        {
            ["id"] = decisionId ?? Guid.NewGuid().ToString("N"),
            ["stage"] = stage,
            ["query"] = query,
            ["revision"] = revision,
            ["inputHash"] = "sha256:" + hash,
            ["result"] = mine.Count > 0 ? "deny" : "allow",
            ["deny"] = new JsonArray(mine.Select(d => (JsonNode)d).ToArray()),
            ["warn"] = new JsonArray(warnings.Where(w => w.StartsWith(stage + ":", StringComparison.Ordinal)).Select(w => (JsonNode)w).ToArray()),
            ["durationMs"] = Math.Round(elapsed.TotalMilliseconds, 3),
            ["at"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (file is not null) record["file"] = file;
        return record;
    }

    private static PolicyDecision Result(List<string> denials, List<string> warnings, JsonArray decisions) =>
        new(denials.Count == 0,
            denials.Count == 0 ? $"allowed{(warnings.Count > 0 ? $" with {warnings.Count} warning(s)" : "")}" : $"denied: {string.Join("; ", denials)}",
            denials, warnings, decisions);

    private static PolicyDecision Deny(string reason, JsonArray decisions) => new(false, reason, [reason], [], decisions);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
