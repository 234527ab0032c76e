using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Shipping;

/// <summary>
/// No Docker engine runs here, so the image is checked by reading: the mistakes that only show in `docker build` or
/// in a running container (a project not copied before restore, loopback-only listening, no health check) fail here.
/// tests/docker/replay-build.sh replays the build stage itself in CI.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string Root = RepoRoot.Find();
    private static readonly DockerfileInstructions Dockerfile = DockerfileInstructions.Read(Path.Combine(Root, "Dockerfile"));

    [Fact]
    public void EverySrcProject_IsCopiedBeforeTheRestore()
    {
        var build = Dockerfile.Stage("build").ToList();
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore >= 0, "the build stage runs no dotnet restore");
        var copied = build.Take(restore)
            .Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .Select(s => s is "." or "./" ? "" : s.StartsWith("./", StringComparison.Ordinal) ? s[2..] : s)  // "" is the whole context
            .ToList();

        var missing = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Where(project => !copied.Any(source => source.Length == 0 || source == project
                || (source.EndsWith('/') && project.StartsWith(source, StringComparison.Ordinal))))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "the Dockerfile's build stage restores before copying: " + string.Join(", ", missing)
            + " (add a COPY line for each, or publish --no-restore fails with NETSDK1004)");
    }

    [Fact]
    public void Image_ListensOnEveryInterface()
    {
        var env = string.Join(' ', Dockerfile.Stage("runtime").Where(i => i.Keyword == "ENV").Select(i => i.Arguments));

        Assert.Contains("GITOPSFLEET__URLS=http://0.0.0.0:8080", env, StringComparison.Ordinal);
        Assert.Contains(Dockerfile.Stage("runtime"), i => i.Keyword == "EXPOSE" && i.Arguments == "8080");
    }

    [Fact]
    public void Image_ChecksHealthzAsANonRootUser()
    {
        var runtime = Dockerfile.Stage("runtime").ToList();

        var check = Assert.Single(runtime, i => i.Keyword == "HEALTHCHECK");
        Assert.Contains("\"healthcheck\", \"http://127.0.0.1:8080/healthz\"", check.Arguments, StringComparison.Ordinal);
        var user = runtime.Last(i => i.Keyword == "USER");
        Assert.DoesNotMatch("^(root|0)(:|$)", user.Arguments);
        Assert.True(runtime.IndexOf(user) < runtime.FindIndex(i => i.Keyword == "ENTRYPOINT"), "USER must come before ENTRYPOINT");
    }

    [Fact]
    public void DockerIgnore_LeavesBuildOutputsAndGitOut()
    {
        var patterns = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(l => l.Trim()).ToList();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains(".git/", patterns);
    }
}
