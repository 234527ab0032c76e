using System.CommandLine;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// gitopsfleet healthcheck: GET one URL and exit 0 on a 2xx answer, 1 otherwise. The container image's HEALTHCHECK runs
/// it because the aspnet base image has no curl or wget, and installing one only for this would grow the image.
/// </summary>
internal static class HealthcheckCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080/healthz";

    public static void AddTo(RootCommand root)
    {
        var command = new Command("healthcheck", "GET a URL (default " + DefaultUrl + ") and exit 0 when it answers 2xx, 1 otherwise; for container health checks.");
        var url = new Argument<string>("url") { Description = "The URL to check.", DefaultValueFactory = _ => DefaultUrl };
        var timeout = new Option<string>("--timeout") { Description = "Give up after this long (e.g. 5s).", DefaultValueFactory = _ => "5s" };
        command.Arguments.Add(url);
        command.Options.Add(timeout);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(url)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"healthcheck: '{text}' is not an http(s) URL");
                return CommandLine.Error;
            }
            if (!Service.ServiceOptionsValidator.TryParseDuration(parse.GetValue(timeout)!, out var limit))
            {
                await Console.Error.WriteLineAsync($"healthcheck: --timeout '{parse.GetValue(timeout)}' is not a duration such as 5s");
                return CommandLine.Error;
            }
            using var http = new HttpClient { Timeout = limit };
            return await CheckAsync(http, uri, Console.Error, ct);
        });
        root.Subcommands.Add(command);
    }

    /// <summary>0 when <paramref name="url"/> answers 2xx; 1 (with the reason on <paramref name="error"/>) when it answers otherwise or not at all.</summary>
    public static async Task<int> CheckAsync(HttpClient http, Uri url, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode) return CommandLine.Ok;
            await error.WriteLineAsync($"healthcheck: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return CommandLine.Error;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"healthcheck: {url}: {ex.Message}");
            return CommandLine.Error;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; the caller did not cancel.
            await error.WriteLineAsync($"healthcheck: {url} did not answer within {http.Timeout.TotalSeconds:0.#} s");
            return CommandLine.Error;
        }
    }
}
