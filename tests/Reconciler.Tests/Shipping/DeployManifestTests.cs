using GitOpsFleet.Reconciler.Cli;
using GitOpsFleet.Reconciler.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace GitOpsFleet.Reconciler.Tests.Shipping;

/// <summary>
/// The deploy/ examples are read, not run (no engine here): these tests keep their probes, ports, replica counts and
/// secret paths in step with the image and the service.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(RepoRoot.Find(), "deploy");

    private static YamlMappingNode Load(params string[] path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine([Deploy, .. path]));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step is int index ? ((YamlSequenceNode)node).Children[index] : ((YamlMappingNode)node).Children[new YamlScalarNode((string)step)];
        }
        return node;
    }

    private static string Text(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static YamlMappingNode Container() =>
        (YamlMappingNode)At(Load("kubernetes", "deployment.yaml"), "spec", "template", "spec", "containers", 0);

    [Fact]
    public void KubernetesDeployment_RunsTwoReplicasOfTheImagePort()
    {
        var deployment = Load("kubernetes", "deployment.yaml");

        Assert.Equal("2", Text(deployment, "spec", "replicas"));
        Assert.Equal("http", Text(Container(), "ports", 0, "name"));
        Assert.Equal("8080", Text(Container(), "ports", 0, "containerPort"));
        Assert.Equal("10001", Text(deployment, "spec", "template", "spec", "securityContext", "runAsUser"));
    }

    [Fact]
    public void KubernetesProbes_AreHealthzForLivenessAndReadyzForReadiness()
    {
        var container = Container();

        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("http", Text(container, "livenessProbe", "httpGet", "port"));
        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("http", Text(container, "readinessProbe", "httpGet", "port"));
    }

    [Fact]
    public void KubernetesSecretFiles_AreWhereTheSettingsPointAndComeFromTheSecret()
    {
        var container = Container();
        var mount = Text(((YamlSequenceNode)container["volumeMounts"]).Single(m => Text(m, "name") == "secrets"), "mountPath");
        var env = ((YamlSequenceNode)container["env"]).Where(e => ((YamlMappingNode)e).Children.ContainsKey(new YamlScalarNode("value")))
            .ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        var volume = ((YamlSequenceNode)At(Load("kubernetes", "deployment.yaml"), "spec", "template", "spec", "volumes")).Single(v => Text(v, "name") == "secrets");
        var keys = ((YamlSequenceNode)At(volume, "secret", "items")).Select(i => Text(i, "path")).ToList();

        foreach (var (setting, key) in new[] { ("GITOPSFLEET__STATEFILE", "state"), ("GITOPSFLEET__WEBHOOKSECRETFILE", "webhook-secret"), ("GITOPSFLEET__APITOKENFILE", "api-token") })
        {
            Assert.Equal($"{mount}/{key}", env[setting]);
            Assert.Contains(key, keys);
        }
    }

    [Fact]
    public void KubernetesService_TargetsTheContainerPortByName()
    {
        Assert.Equal("http", Text(Load("kubernetes", "service.yaml"), "spec", "ports", 0, "targetPort"));
    }

    [Fact]
    public void Compose_RunsTwoReplicasOnPostgresWithAHealthzCheck()
    {
        var services = At(Load("compose.yaml"), "services");
        var service = (YamlMappingNode)At(services, "gitopsfleet");

        Assert.Equal("2", Text(service, "deploy", "replicas"));
        Assert.Equal("service_healthy", Text(service, "depends_on", "postgres", "condition"));
        var check = ((YamlSequenceNode)At(service, "healthcheck", "test")).Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Equal(["CMD", "/app/gitopsfleet", "healthcheck", HealthcheckCommand.DefaultUrl], check);
        Assert.Equal("8080", Text(service, "ports", 0));
    }

    [Fact]
    public void ComposeEnvFile_PointsAtTheMountedSecrets()
    {
        var service = (YamlMappingNode)At(Load("compose.yaml"), "services", "gitopsfleet");
        var targets = ((YamlSequenceNode)service["secrets"]).Select(s => Text(s, "target")).ToList();
        var env = File.ReadAllLines(Path.Combine(Deploy, Text(service, "env_file", 0)))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

        Assert.False(env.ContainsKey("GITOPSFLEET__STATE"), "the connection string holds a password: keep it in a secret file");
        Assert.Contains(env["GITOPSFLEET__STATEFILE"], targets);
        Assert.Contains(env["GITOPSFLEET__WEBHOOKSECRETFILE"], targets);
        Assert.Contains(env["GITOPSFLEET__APITOKENFILE"], targets);
    }
}
