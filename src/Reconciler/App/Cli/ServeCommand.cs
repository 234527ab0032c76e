using System.CommandLine;
using GitOpsFleet.Loading;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;
using Microsoft.Extensions.Configuration;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// gitopsfleet serve: the service. Options come from appsettings.json and GITOPSFLEET__* environment
/// variables (section GitOpsFleet), then from the command line; every problem is listed before it refuses to start.
/// </summary>
internal static class ServeCommand
{
    public static void AddTo(RootCommand root)
    {
        var serve = new Command("serve", "Keep fleets reconciled: schedules, webhooks, JSON API, dashboard, /healthz, /readyz and /metrics.");
        var repo = new Option<string?>("--repo", "-r") { Description = "One fleet repository (path or URL)." };
        var gitRef = new Option<string?>("--ref") { Description = "Branch or tag the fleet follows (default: the repository's default branch)." };
        var name = new Option<string?>("--name") { Description = "The fleet's name (default: the name in its fleet.yaml)." };
        var config = new Option<string?>("--config") { Description = "A fleets.yaml listing many fleets (name, repository, ref)." };
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default: GitOpsFleet:Urls, else ASPNETCORE_URLS, else http://127.0.0.1:8080; several separated by ';')." };
        var state = new Option<string?>("--state") { Description = "sqlite:PATH (default: state.db in the state home) or postgres:CONNECTION_STRING. Prefer --state-file or GITOPSFLEET__STATE for a password." };
        var stateFile = new Option<string?>("--state-file") { Description = "File holding the state connection string (sqlite:PATH or postgres:CONNECTION_STRING), so no password is on the command line." };
        var secret = new Option<string?>("--webhook-secret-file") { Description = "File holding the HMAC-SHA256 secret of the GitHub, Gitea and generic webhooks (each may have its own: Webhooks:*SecretFile). Never GitLab's token." };
        var gitlabToken = new Option<string?>("--gitlab-token-file") { Description = "File holding GitLab's webhook secret token (Webhooks:GitLabTokenFile); must differ from every HMAC secret. Without it /hooks/gitlab refuses every delivery." };
        var token = new Option<string?>("--api-token-file") { Description = "File holding an admin bearer token (beside the named tokens of 'gitopsfleet tokens')." };
        var requireRead = new Option<bool>("--require-read-token") { Description = "The read API and the dashboard need a token too (the dashboard asks for it on a login page). Config: RequireReadToken." };
        var interval = new Option<string?>("--interval") { Description = "Reconcile every fleet at this interval (e.g. 30s) instead of its fleet.yaml's reconcile.interval." };
        var logFormat = new Option<string?>("--log-format") { Description = "text (default) or json (one JSON object a line)." };
        foreach (var o in new Option[] { repo, gitRef, name, config, urls, state, stateFile, secret, gitlabToken, token, requireRead, interval, logFormat }) serve.Options.Add(o);
        // A synchronous action: the generic host then owns SIGTERM and drains runs within the shutdown deadline,
        // rather than the parser ending the process two seconds after the signal.
        serve.SetAction(parse =>
        {
            var options = LoadOptions();
            options.Repo = parse.GetValue(repo) ?? options.Repo;
            options.Ref = parse.GetValue(gitRef) ?? options.Ref;
            options.Name = parse.GetValue(name) ?? options.Name;
            options.Config = parse.GetValue(config) ?? options.Config;
            options.Urls = parse.GetValue(urls) ?? options.Urls;
            if (parse.GetValue(state) is { } stateText)
            {
                // The command line is readable by every local user (ps, /proc/<pid>/cmdline).
                if (stateText.Contains("Password=", StringComparison.OrdinalIgnoreCase))
                {
                    Console.Error.WriteLine("warning: --state holds a password, which any local user can read on the command line; use --state-file or GITOPSFLEET__STATE");
                }
                options.State = stateText;
                options.StateFile = null;
            }
            if (parse.GetValue(stateFile) is { } file)
            {
                options.StateFile = file;
                options.State = parse.GetValue(state);
            }
            options.WebhookSecretFile = parse.GetValue(secret) ?? options.WebhookSecretFile;
            options.Webhooks.GitLabTokenFile = parse.GetValue(gitlabToken) ?? options.Webhooks.GitLabTokenFile;
            options.ApiTokenFile = parse.GetValue(token) ?? options.ApiTokenFile;
            options.LogFormat = parse.GetValue(logFormat) ?? options.LogFormat;
            if (parse.GetValue(requireRead)) options.RequireReadToken = true;
            var problems = new List<string>();
            if (parse.GetValue(interval) is { } text)
            {
                if (ServiceOptionsValidator.TryParseDuration(text, out var forced)) options.IntervalOverride = forced;
                else problems.Add($"--interval: '{text}' is not a duration such as 30s or 2m");
            }
            return RunAsync(options, parse.GetValue(RunsCommands.HomeOf(root)), problems, TimeProvider.System).GetAwaiter().GetResult();
        });
        root.Subcommands.Add(serve);
    }

    public static ServiceOptions LoadOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return BindOptions(configuration);
    }

    /// <summary>
    /// The GitOpsFleet section, with one fallback: when it names no Urls, ASPNETCORE_URLS (which container images and
    /// hosting platforms set, e.g. http://+:8080) is where to listen, rather than loopback that no one outside can reach.
    /// </summary>
    public static ServiceOptions BindOptions(IConfiguration configuration)
    {
        var options = new ServiceOptions();
        configuration.GetSection(ServiceOptions.Section).Bind(options);
        if (string.IsNullOrWhiteSpace(configuration[$"{ServiceOptions.Section}:{nameof(ServiceOptions.Urls)}"])
            && configuration["ASPNETCORE_URLS"] is { } platformUrls && !string.IsNullOrWhiteSpace(platformUrls))
        {
            options.Urls = platformUrls;
        }
        return options;
    }

    private static async Task<int> RunAsync(ServiceOptions options, string? homePath, List<string> problems, TimeProvider time)
    {
        var home = StateHome.Resolve(homePath);
        problems.AddRange(ServiceOptionsValidator.Validate(options, home, out var fleets, out var state));
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync($"gitopsfleet serve: cannot start ({problems.Count} problem(s)):");
            foreach (var p in problems) await Console.Error.WriteLineAsync("  - " + p);
            return CommandLine.Error;
        }
        if (options.Repo is not null && options.Name is null)
        {
            var name = await FleetNameAsync(home, fleets[0].Target, CancellationToken.None);
            fleets = [fleets[0] with { Name = name }];
        }
        ServiceParts parts;
        try
        {
            parts = await ServiceParts.CreateAsync(home, state, options.ReuseUnchangedRunsFor, time, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or Microsoft.Data.Sqlite.SqliteException or IOException or State.StateStoreDamagedException)
        {
            await Console.Error.WriteLineAsync($"gitopsfleet serve: cannot open the state store {state.Describe()}: {ex.Message}");
            return CommandLine.Error;
        }
        var app = ServiceHost.Build(options, new FleetCatalog(fleets), state, parts, time);
        await app.RunAsync();
        return CommandLine.Ok;
    }

    /// <summary>The name in the fleet's own fleet.yaml; the repository's folder name if it cannot be read now (the fleet is still served and its failure reported).</summary>
    private static async Task<string> FleetNameAsync(StateHome home, Pipeline.FleetTarget target, CancellationToken cancellationToken)
    {
        var fallback = FallbackName(target.Location);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var git = new GitSource(home, GitCredentials.FromEnvironment());
            using var snapshot = await git.FetchAsync(target.Location, target.Ref, timeout.Token);
            var loaded = new FleetLoader().Load(snapshot);
            return loaded.Fleet?.Name is { } n && FleetCatalog.IsValidName(n) ? n : fallback;
        }
        catch (Exception ex) when (ex is GitSourceException or OperationCanceledException)
        {
            return fallback;
        }
    }

    private static string FallbackName(RepositoryLocation location)
    {
        var last = Path.GetFileNameWithoutExtension(location.Display.TrimEnd('/', '\\'));
        var cleaned = new string(last.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return FleetCatalog.IsValidName(cleaned) ? cleaned : "fleet";
    }
}
