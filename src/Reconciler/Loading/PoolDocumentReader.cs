using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Providers.Model;

namespace GitOpsFleet.Loading;

/// <summary>Reads one pools/*.yaml file (kind NodePool).</summary>
internal static class PoolDocumentReader
{
    public const string Kind = "NodePool";

    private static readonly FieldTable SpecFields = new(
        "provider", "region", "machine", "software", "replicas", "scaling", "network", "storage", "replacement", "ansible");
    private static readonly FieldTable MachineFields = new("size", "image");
    private static readonly FieldTable SoftwareFields = new("name", "version", "consensus");
    private static readonly FieldTable ConsensusFields = new("name", "version");
    private static readonly FieldTable ReplicaFields = new("min", "max");
    private static readonly FieldTable ScalingFields = new("script", "every");
    private static readonly FieldTable NetworkFields = new("publicIngress", "ssh");
    private static readonly FieldTable StorageFields = new("sizeGiB", "encrypted");
    private static readonly FieldTable AnsibleFields = new("inventory", "group", "playbook", "vars");

    private static readonly ChoiceTable<ReplacementPolicy> Replacements = new(("auto", ReplacementPolicy.Auto), ("manual", ReplacementPolicy.Manual));

    // "jit" is just-in-time access; "public" is accepted here so that policies, not the loader, decide whether it is allowed.
    private static readonly ChoiceTable<int> SshModes = new(("private", 0), ("jit", 1), ("public", 2), ("none", 3));

    public static PoolCandidate Read(DocumentReader r, Node? root, FleetLoadOptions options, TimeSpan defaultEvery)
    {
        var knownProviders = options.KnownProviders;
        var errorsBefore = r.ErrorCount;
        var header = ManifestReader.Read(r, root, Kind, "for a file in pools/", specRequired: true);
        if (header?.Spec is not { } spec)
        {
            return new PoolCandidate(r.Path, header?.NameNode, header?.Name, null, null, null, null);
        }
        const string S = "spec";
        r.CheckFields(spec, S, SpecFields);

        var providerNode = r.Scalar(spec, S, "provider", required: true);
        var provider = providerNode?.Value;
        if (providerNode is not null && !IsKnown(knownProviders, providerNode.Value))
        {
            r.Error(DiagnosticCodes.UnknownProvider, providerNode,
                $"unknown provider '{providerNode.Value}'; known providers: {string.Join(", ", knownProviders)}{Spelling.Hint(providerNode.Value, knownProviders)}");
            provider = null;
        }
        var region = r.String(spec, S, "region");

        var machine = new MachineSpec(null, null);
        if (r.Mapping(spec, S, "machine") is { } machineMap)
        {
            r.CheckFields(machineMap, "spec.machine", MachineFields);
            machine = new MachineSpec(r.String(machineMap, "spec.machine", "size"), r.String(machineMap, "spec.machine", "image"));
        }

        var software = ReadSoftware(r, spec);
        var (replicas, maxNode) = ReadReplicas(r, spec, options.MaxReplicasPerPool);

        ScalingSpec? scaling = null;
        if (r.Mapping(spec, S, "scaling") is { } scalingMap)
        {
            r.CheckFields(scalingMap, "spec.scaling", ScalingFields);
            var script = r.RepositoryPath(scalingMap, "spec.scaling", "script", required: true);
            var every = r.Duration(scalingMap, "spec.scaling", "every") ?? defaultEvery;
            scaling = script is null ? null : new ScalingSpec(script, every);
        }

        var network = NetworkSpec.Default;
        if (r.Mapping(spec, S, "network") is { } networkMap)
        {
            r.CheckFields(networkMap, "spec.network", NetworkFields);
            var ingress = r.IntegerList(networkMap, "spec.network", "publicIngress", 1, 65535) ?? Array.Empty<int>();
            var ssh = r.Choice(networkMap, "spec.network", "ssh", SshModes) is { } mode ? SshModes.Names[mode] : NetworkSpec.Default.Ssh;
            network = new NetworkSpec(ingress, ssh);
        }

        var storage = StorageSpec.Default;
        if (r.Mapping(spec, S, "storage") is { } storageMap)
        {
            r.CheckFields(storageMap, "spec.storage", StorageFields);
            storage = new StorageSpec(
                r.Integer(storageMap, "spec.storage", "sizeGiB", minimum: 1),
                r.Boolean(storageMap, "spec.storage", "encrypted") ?? false);
        }

        var replacement = r.Choice(spec, S, "replacement", Replacements) ?? ReplacementPolicy.Auto;

        AnsibleSpec? ansible = null;
        if (r.Mapping(spec, S, "ansible") is { } ansibleMap)
        {
            const string A = "spec.ansible";
            r.CheckFields(ansibleMap, A, AnsibleFields);
            var inventory = r.RepositoryPath(ansibleMap, A, "inventory", required: true, directoryAllowed: true);
            var group = r.String(ansibleMap, A, "group", required: true);
            var playbook = r.RepositoryPath(ansibleMap, A, "playbook", required: true);
            var vars = r.JsonMapping(ansibleMap, A, "vars");
            if (inventory is not null && group is not null && playbook is not null)
            {
                ansible = new AnsibleSpec(inventory, group, playbook, vars);
            }
        }
        if (provider == "ansible" && ansible is null && !(spec.TryGet("ansible", out var given) && given.Value is not ScalarNode { IsNull: true }))
        {
            r.Error(DiagnosticCodes.MissingField, spec, "missing required field 'ansible' in spec: provider ansible needs ansible.inventory, ansible.group and ansible.playbook");
        }

        PoolSpec? pool = null;
        if (r.ErrorCount == errorsBefore && header.Name is { } name && provider is not null && software is not null && replicas is not null)
        {
            pool = new PoolSpec(name, header.Labels ?? new Dictionary<string, string>(), provider, region, machine, software, replicas,
                scaling, network, storage, replacement, ansible, r.Path);
        }
        return new PoolCandidate(r.Path, header.NameNode, header.Name, providerNode, provider, region, pool, maxNode);
    }

    private static bool IsKnown(IReadOnlyList<string> providers, string name)
    {
        foreach (var p in providers)
        {
            if (string.Equals(p, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static SoftwareSpec? ReadSoftware(DocumentReader r, MappingNode spec)
    {
        if (r.Mapping(spec, "spec", "software", required: true) is not { } map)
        {
            return null;
        }
        const string P = "spec.software";
        r.CheckFields(map, P, SoftwareFields);
        var name = r.String(map, P, "name", required: true);
        var version = r.String(map, P, "version", required: true);
        SoftwareSpec? consensus = null;
        var consensusOk = true;
        if (r.Mapping(map, P, "consensus") is { } consensusMap)
        {
            const string C = "spec.software.consensus";
            r.CheckFields(consensusMap, C, ConsensusFields);
            var cName = r.String(consensusMap, C, "name", required: true);
            var cVersion = r.String(consensusMap, C, "version", required: true);
            consensus = cName is not null && cVersion is not null ? new SoftwareSpec(cName, cVersion) : null;
            consensusOk = consensus is not null;
        }
        return name is not null && version is not null && consensusOk ? new SoftwareSpec(name, version, consensus) : null;
    }

    /// <returns>The range when it is valid, and the node of max, where a fleet-wide size error points.</returns>
    private static (ReplicaRange? Range, Node? MaxNode) ReadReplicas(DocumentReader r, MappingNode spec, int limit)
    {
        if (r.Mapping(spec, "spec", "replicas", required: true) is not { } map)
        {
            return (null, null);
        }
        const string P = "spec.replicas";
        r.CheckFields(map, P, ReplicaFields);
        var min = WithinLimit(r, map, "min", r.Integer(map, P, "min", required: true), limit);
        var max = WithinLimit(r, map, "max", r.Integer(map, P, "max", required: true), limit);
        if (min is null || max is null)
        {
            return (null, null);
        }
        map.TryGet("max", out var maxEntry);
        if (min > max)
        {
            map.TryGet("min", out var minEntry);
            r.Error(DiagnosticCodes.MinExceedsMax, minEntry.Value, $"spec.replicas.min ({min}) is greater than spec.replicas.max ({max})");
            return (null, null);
        }
        return (new ReplicaRange(min.Value, max.Value), maxEntry.Value);
    }

    /// <summary>A separate code from OutOfRange: the bound is the service's limit, which an operator may raise, not a rule of the format.</summary>
    private static int? WithinLimit(DocumentReader r, MappingNode map, string key, int? value, int limit)
    {
        if (value <= limit)
        {
            return value;
        }
        if (value is not null)
        {
            map.TryGet(key, out var entry);
            r.Error(DiagnosticCodes.TooManyReplicas, entry.Value, $"spec.replicas.{key} is {value}, more than the limit of {limit} nodes per pool");
        }
        return null;
    }
}
