using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>
/// A real smart-HTTP Git server: <c>git http-backend</c> (which ships with git) run as a CGI program behind a local
/// Kestrel endpoint that demands a token, by HTTPS-style basic authentication (any user name, the token as password)
/// or a bearer header. Repositories are bare repositories under <see cref="ProjectRoot"/>, served at <c>/git/NAME.git</c>.
/// </summary>
internal sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _backend;

    private GitHttpServer(WebApplication app, string projectRoot, string token, string backend)
    {
        _app = app;
        ProjectRoot = projectRoot;
        Token = token;
        _backend = backend;
    }

    public string ProjectRoot { get; }
    public string Token { get; }
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request as method, path and query, and whether it was authenticated. Headers are not kept.</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, int Status)> Requests { get; } = new();

    public static async Task<GitHttpServer> StartAsync(string projectRoot, string token)
    {
        var backend = FindBackend();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new GitHttpServer(app, projectRoot, token, backend);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    /// <summary>Creates an empty bare repository and returns its clone URL (with no credentials in it).</summary>
    public string CreateRepository(string name)
    {
        var path = Path.Combine(ProjectRoot, name + ".git");
        LibGit2Sharp.Repository.Init(path, isBare: true);
        return new Uri(BaseAddress, $"git/{name}.git").AbsoluteUri;
    }

    public string RepositoryPath(string name) => Path.Combine(ProjectRoot, name + ".git");

    private static string FindBackend()
    {
        var start = new ProcessStartInfo("git", "--exec-path") { RedirectStandardOutput = true, UseShellExecute = false };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git is not installed");
        var execPath = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        var backend = Path.Combine(execPath, "git-http-backend");
        return File.Exists(backend) ? backend : throw new InvalidOperationException($"git-http-backend not found in {execPath}; install git");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path + request.QueryString;
        var user = Authenticate(request.Headers.Authorization.ToString());
        if (!request.Path.StartsWithSegments("/git", out var rest))
        {
            context.Response.StatusCode = 404;
            Requests.Enqueue((request.Method, pathAndQuery, 404));
            return;
        }
        if (user is null)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            Requests.Enqueue((request.Method, pathAndQuery, 401));
            return;
        }

        // libgit2 sends pushes with chunked bodies; CGI needs CONTENT_LENGTH, so the body is buffered first.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var start = new ProcessStartInfo(_backend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["GIT_PROJECT_ROOT"] = ProjectRoot;
        env["GIT_HTTP_EXPORT_ALL"] = "1";
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["SERVER_PROTOCOL"] = "HTTP/1.1";
        env["REQUEST_METHOD"] = request.Method;
        env["PATH_INFO"] = rest.Value ?? "/";
        env["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        env["CONTENT_TYPE"] = request.ContentType ?? "";
        env["CONTENT_LENGTH"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["REMOTE_USER"] = user;
        env["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        if (request.Headers.ContentEncoding.Count > 0) env["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        if (request.Headers["Git-Protocol"].Count > 0) env["GIT_PROTOCOL"] = request.Headers["Git-Protocol"].ToString();

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git-http-backend did not start");
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        body.Position = 0;
        await body.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        await reading;
        await errors;
        await process.WaitForExitAsync();

        var bytes = output.ToArray();
        var (headerEnd, separator) = FindHeaderEnd(bytes);
        var status = 200;
        if (headerEnd >= 0)
        {
            foreach (var line in Encoding.ASCII.GetString(bytes, 0, headerEnd).Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0) continue;
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) status = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                else context.Response.Headers.Append(name, value);
            }
        }
        context.Response.StatusCode = status;
        Requests.Enqueue((request.Method, pathAndQuery, status));
        var start2 = headerEnd < 0 ? 0 : headerEnd + separator;
        await context.Response.Body.WriteAsync(bytes.AsMemory(start2), context.RequestAborted);
    }

    private string? Authenticate(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)) return header["Bearer ".Length..] == Token ? "bearer" : null;
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && decoded[(colon + 1)..] == Token ? decoded[..colon] : null;
    }

    private static (int End, int SeparatorLength) FindHeaderEnd(byte[] bytes)
    {
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') return (i, 2);
            if (i + 3 < bytes.Length && bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return (i, 4);
        }
        return (-1, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
