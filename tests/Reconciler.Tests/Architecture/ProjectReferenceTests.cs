using System.Reflection;
using GitOpsFleet.Loading;
using GitOpsFleet.Model;
using GitOpsFleet.Providers.Ansible;
using GitOpsFleet.Providers.Azure;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Providers.LocalNode;
using GitOpsFleet.Scripting;

namespace GitOpsFleet.Reconciler.Tests.Architecture;

/// <summary>
/// The project graph the README draws, read from the compiled assemblies: the fleet model depends on nothing of ours
/// and on no web framework or Git library; only the simulated node needs ASP.NET; no provider defines a model type.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Assembly Model = typeof(FleetSpec).Assembly;
    private static readonly Assembly Providers = typeof(LocalProvider).Assembly;
    private static readonly Assembly LocalNode = typeof(LocalNodeProgram).Assembly;
    private static readonly Assembly[] ProviderAssemblies = [Providers, LocalNode, typeof(AnsibleProvider).Assembly, typeof(AzureProvider).Assembly];

    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void TheModel_ReferencesOnlyTheRuntime()
    {
        var references = References(Model);

        Assert.Equal("GitOpsFleet.Model", Model.GetName().Name);
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"GitOpsFleet.Model references {name}: it must stay free of web, Git, provider and engine libraries"));
    }

    [Fact]
    public void LoadingAndScripting_SeeTheModel_NotTheProviders()
    {
        foreach (var assembly in new[] { typeof(FleetLoader).Assembly, typeof(ScalingScriptEngine).Assembly })
        {
            var references = References(assembly);
            Assert.Contains("GitOpsFleet.Model", references);
            Assert.DoesNotContain(references, name => name.StartsWith("GitOpsFleet.Providers", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void OnlyTheSimulatedNode_NeedsAspNet()
    {
        Assert.Contains(References(LocalNode), name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        foreach (var assembly in ProviderAssemblies.Where(a => a != LocalNode))
            Assert.DoesNotContain(References(assembly), name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void NoProvider_DefinesAModelType()
    {
        var modelNames = Model.GetExportedTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("PoolSpec", modelNames);

        var misplaced = ProviderAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.Namespace == "GitOpsFleet.Model" || modelNames.Contains(t.Name))
            .Select(t => $"{t.Assembly.GetName().Name}: {t.FullName}")
            .ToList();
        Assert.True(misplaced.Count == 0, "model types defined in a provider project:\n" + string.Join("\n", misplaced));
    }
}
