using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>Reads one pools/*.yaml file (kind NodePool).</summary>
internal static class PoolDocumentReader
{
    public const string Kind = "NodePool";

    private static readonly ChoiceTable<ReplacementPolicy> Replacements = new(("auto", ReplacementPolicy.Auto), ("manual", ReplacementPolicy.Manual));

    // "jit" is just-in-time access; "public" is accepted here so that policies, not the loader, decide whether it is allowed.
    private static readonly ChoiceTable<int> SshModes = new(("private", 0), ("jit", 1), ("public", 2), ("none", 3));

    // Static fields initialize in text order: each table comes after the tables and choices it refers to.
    private static readonly FieldTable MachineFields = new(
        KnownField.Text("size", "Machine size in the provider's terms (an Azure VM size, a host class)."),
        KnownField.Text("image", "Operating system image in the provider's terms."));
    private static readonly FieldTable ConsensusFields = new(
        KnownField.Text("name", "Name of the consensus client.", required: true),
        KnownField.Text("version", "Version of the consensus client, as text.", required: true));
    private static readonly FieldTable SoftwareFields = new(
        KnownField.Text("name", "Name of the software the nodes run (geth, reth, ipfs, ...).", required: true),
        KnownField.Text("version", "Version to run, as text (1.20 stays 1.20).", required: true),
        KnownField.Mapping("consensus", ConsensusFields, "A consensus client run beside the software."));
    private static readonly FieldTable ReplicaFields = new(
        KnownField.Integer("min", "Fewest nodes; scaling never goes below.", minimum: 0, required: true) with { BoundedByReplicaLimit = true },
        KnownField.Integer("max", "Most nodes; scaling never goes above. At least min.", minimum: 0, required: true) with { BoundedByReplicaLimit = true });
    private static readonly FieldTable ScalingFields = new(
        KnownField.RepositoryPath("script", "C# scaling script (.csx), relative to the repository root; it must exist in the commit."),
        KnownField.Duration("every", "Time between runs of the script (default: spec.reconcile.interval of fleet.yaml)."));
    private static readonly FieldTable NetworkFields = new(
        new KnownField("publicIngress", FieldType.IntegerList, "TCP ports open to the internet.") { Minimum = 1, Maximum = 65535 },
        KnownField.Choice("ssh", SshModes, "SSH access to the nodes (default private)."));
    private static readonly FieldTable StorageFields = new(
        KnownField.Integer("sizeGiB", "Data disk size in GiB.", minimum: 1),
        KnownField.Boolean("encrypted", "Encrypt the data disk (default false)."));
    private static readonly FieldTable AnsibleFields = new(
        KnownField.RepositoryPath("inventory", "Inventory file or folder, relative to the repository root; it must exist in the commit."),
        KnownField.Text("group", "Inventory group whose hosts are this pool's nodes.", required: true),
        KnownField.RepositoryPath("playbook", "Playbook applied to the nodes, relative to the repository root; it must exist in the commit."),
        new KnownField("vars", FieldType.AnyMapping, "Extra variables passed to the playbook as they are."));

    internal static readonly FieldTable SpecFields = new(
        KnownField.Text("provider", "Provider that creates the nodes: one of the providers the service knows (local, ansible, azure by default).", required: true),
        KnownField.Text("region", "Region in the provider's terms."),
        KnownField.Mapping("machine", MachineFields, "What each node runs on."),
        KnownField.Mapping("software", SoftwareFields, "What each node runs.", required: true),
        KnownField.Mapping("replicas", ReplicaFields, "How many nodes the pool has.", required: true),
        KnownField.Mapping("scaling", ScalingFields, "A script that sets the replica count between min and max."),
        KnownField.Mapping("network", NetworkFields, "Network exposure of the nodes."),
        KnownField.Mapping("storage", StorageFields, "The nodes' data disk."),
        KnownField.Choice("replacement", Replacements, "Whether a changed node is replaced automatically or waits for a person (default auto)."),
        KnownField.Mapping("ansible", AnsibleFields, "How the ansible provider configures the hosts; required when provider is ansible."))
    {
        Requirements = [new FieldRequirement("provider", ["ansible"], "ansible")],
    };

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
            var ingress = r.IntegerList(networkMap, "spec.network", NetworkFields["publicIngress"]) ?? Array.Empty<int>();
            var ssh = r.Choice(networkMap, "spec.network", "ssh", SshModes) is { } mode ? SshModes.Names[mode] : NetworkSpec.Default.Ssh;
            network = new NetworkSpec(ingress, ssh);
        }

        var storage = StorageSpec.Default;
        if (r.Mapping(spec, S, "storage") is { } storageMap)
        {
            r.CheckFields(storageMap, "spec.storage", StorageFields);
            storage = new StorageSpec(
                r.Integer(storageMap, "spec.storage", StorageFields["sizeGiB"]),
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
        var min = WithinLimit(r, map, "min", r.Integer(map, P, ReplicaFields["min"]), limit);
        var max = WithinLimit(r, map, "max", r.Integer(map, P, ReplicaFields["max"]), limit);
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
