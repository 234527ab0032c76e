using System.Globalization;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>Checks every option at start and reports every problem at once; the service refuses to start on any.</summary>
internal static class ServiceOptionsValidator
{
    public static IReadOnlyList<string> Validate(ServiceOptions o, StateHome home, out IReadOnlyList<FleetDefinition> fleets, out StateLocation state)
    {
        var problems = new List<string>();
        fleets = [];
        if (string.IsNullOrWhiteSpace(o.Repo) == string.IsNullOrWhiteSpace(o.Config))
        {
            problems.Add("give either --repo (one fleet) or --config fleets.yaml (many fleets), not both and not neither");
        }
        else if (!string.IsNullOrWhiteSpace(o.Config))
        {
            if (!File.Exists(o.Config)) problems.Add($"--config: {o.Config} does not exist");
            else fleets = FleetsFile.Read(o.Config, problems);
            if (o.Ref is not null) problems.Add("--ref applies to --repo only; set ref per fleet in fleets.yaml");
        }
        else
        {
            var repo = o.Repo!;
            if (!repo.Contains("://", StringComparison.Ordinal) && !Directory.Exists(repo)) problems.Add($"--repo: {repo} is neither a URL nor an existing directory");
            if (o.Name is not null && !FleetCatalog.IsValidName(o.Name)) problems.Add($"--name: '{o.Name}' must be lower-case letters, digits and '-'");
            else fleets = [new FleetDefinition(o.Name ?? "(pending)", RepositoryLocation.Parse(repo), o.Ref)];
        }

        foreach (var url in o.Urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            {
                problems.Add($"--urls: '{url}' is not an http(s) URL such as http://127.0.0.1:8080");
            }
        }
        var stateText = o.State;
        if (!string.IsNullOrWhiteSpace(o.StateFile))
        {
            if (o.State is not null) problems.Add("give either --state or --state-file, not both");
            else if (!File.Exists(o.StateFile)) problems.Add($"--state-file: {o.StateFile} does not exist");
            else stateText = File.ReadAllText(o.StateFile).Trim();
        }
        if (!StateLocation.TryRead(stateText, home.DatabasePath, out state, out var stateProblem)) problems.Add($"{(stateText == o.State ? "--state" : "--state-file")}: {stateProblem}");
        problems.AddRange(HttpEdge.Validate(o));
        CheckSecretFile(problems, "--webhook-secret-file", o.WebhookSecretFile);
        CheckWebhooks(problems, o);
        CheckSecretFile(problems, "--api-token-file", o.ApiTokenFile);
        Positive(problems, "DefaultInterval", o.DefaultInterval, TimeSpan.FromSeconds(1));
        if (o.IntervalOverride is { } i) Positive(problems, "--interval", i, TimeSpan.FromMilliseconds(100));
        Positive(problems, "RunTimeout", o.RunTimeout, TimeSpan.FromSeconds(1));
        Positive(problems, "BackoffMax", o.BackoffMax, TimeSpan.FromSeconds(1));
        Positive(problems, "LeaseDuration", o.LeaseDuration, TimeSpan.FromSeconds(3));
        Positive(problems, "ClusterCheckinInterval", o.ClusterCheckinInterval, TimeSpan.FromSeconds(1));
        if (o.ShutdownDeadline < TimeSpan.Zero) problems.Add("ShutdownDeadline must not be negative");
        if (o.ReuseUnchangedRunsFor < TimeSpan.Zero) problems.Add("ReuseUnchangedRunsFor must not be negative (zero turns reuse off)");
        if (o.MaxConcurrentRuns < 1) problems.Add($"MaxConcurrentRuns must be at least 1 (is {o.MaxConcurrentRuns})");
        if (o.SchedulerThreads < 1) problems.Add($"SchedulerThreads must be at least 1 (is {o.SchedulerThreads})");
        if (o.LogFormat is not ("text" or "json")) problems.Add($"--log-format must be text or json, not '{o.LogFormat}'");
        return problems;
    }

    /// <summary>Durations as fleet.yaml writes them (90s, 2m, 1h) or as TimeSpan (00:02:00).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 's': value = TimeSpan.FromSeconds(n); return true;
                case 'm': value = TimeSpan.FromMinutes(n); return true;
                case 'h': value = TimeSpan.FromHours(n); return true;
            }
        }
        if (text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            value = TimeSpan.FromMilliseconds(ms);
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static void CheckSecretFile(List<string> problems, string option, string? path)
    {
        if (string.IsNullOrEmpty(path)) return;
        if (!File.Exists(path)) problems.Add($"{option}: {path} does not exist");
        else if (File.ReadAllText(path).Trim().Length == 0) problems.Add($"{option}: {path} is empty");
    }

    private static void CheckWebhooks(List<string> problems, ServiceOptions o)
    {
        var w = o.Webhooks;
        CheckSecretFile(problems, "Webhooks:GitHubSecretFile", w.GitHubSecretFile);
        CheckSecretFile(problems, "Webhooks:GiteaSecretFile", w.GiteaSecretFile);
        CheckSecretFile(problems, "Webhooks:GitLabTokenFile", w.GitLabTokenFile);
        CheckSecretFile(problems, "Webhooks:GenericSecretFile", w.GenericSecretFile);
        // GitLab's token is sent in clear text with every delivery; as another hook's HMAC key it would let
        // whoever saw one GitLab delivery sign deliveries for that hook.
        var gitlab = ServiceSecrets.Read(w.GitLabTokenFile);
        if (gitlab is not null)
        {
            foreach (var (hook, file) in ServiceSecrets.WebhookSecretFiles(o))
            {
                if (hook != "gitlab" && ServiceSecrets.Read(file) is { } other && other.AsSpan().SequenceEqual(gitlab))
                {
                    problems.Add($"Webhooks:GitLabTokenFile: the GitLab token is also the {hook} hook's secret; give each its own");
                }
            }
        }
        if (w.MaxBodyBytes < 1024) problems.Add($"Webhooks:MaxBodyBytes must be at least 1024 (is {w.MaxBodyBytes})");
        Positive(problems, "Webhooks:BodyTimeout", w.BodyTimeout, TimeSpan.FromSeconds(1));
        // Kestrel checks the rate once a second and refuses a grace period of a second or less.
        if (w.BodyGracePeriod <= TimeSpan.FromSeconds(1)) problems.Add($"Webhooks:BodyGracePeriod must be more than 1 s (is {w.BodyGracePeriod})");
        if (w.MinBodyBytesPerSecond < 0) problems.Add($"Webhooks:MinBodyBytesPerSecond must not be negative (is {w.MinBodyBytesPerSecond})");
        Positive(problems, "Webhooks:ReplayWindow", w.ReplayWindow, TimeSpan.FromMinutes(1));
        if (w.MaxRememberedDeliveries < 1) problems.Add($"Webhooks:MaxRememberedDeliveries must be at least 1 (is {w.MaxRememberedDeliveries})");
    }

    private static void Positive(List<string> problems, string name, TimeSpan value, TimeSpan min)
    {
        if (value < min) problems.Add($"{name} must be at least {min} (is {value})");
    }
}
