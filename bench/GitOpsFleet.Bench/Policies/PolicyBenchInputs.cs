using System.Globalization;
using System.Text;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Bench.Policies;

/// <summary>
/// Inputs for the policy benchmarks, shaped like the pipeline's admission input
/// (input.fleet.pools[...] with the fields of pools/*.yaml), and a generated 50-rule policy.
/// </summary>
public static class PolicyBenchInputs
{
    private static readonly (string Software, string Version, string? Consensus, string? ConsensusVersion, string Role)[] Clients =
    [
        ("geth", "1.16.7", "lighthouse", "v8.0.0", "rpc"), ("nethermind", "1.35.2", "teku", "25.11.0", "rpc"),
        ("lighthouse-vc", "v8.0.0", "lighthouse", "v8.0.0", "validator"), ("erigon", "3.2.2", "prysm", "v6.1.4", "archive"),
        ("kubo", "0.38.2", null, null, "ipfs"), ("erpc", "0.0.60", null, null, "gateway"),
    ];

    private static readonly string[] Regions = ["westeurope", "northeurope", "eastus", "westus2", "uksouth"];
    private static readonly string[] Sizes = ["Standard_D8s_v5", "Standard_D16s_v5", "Standard_E8s_v5", "local-small", "metal-archive-64c"];

    /// <summary>The repository root (the folder holding GitOpsFleet.sln), found from the running assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GitOpsFleet.sln not found above " + AppContext.BaseDirectory);
    }

    public static string SamplePolicyDirectory => Path.Combine(RepositoryRoot(), "samples", "fleet-repo", "policies");

    /// <summary>The sample fleet's six pools, as PolicyInputBuilder.Admission renders them.</summary>
    public static string SampleFleetJson => """
        {"fleet": {"name": "sample", "labels": {}, "reconcile": {"mode": "auto", "prune": true, "allowEmpty": false, "maxParallel": 4},
          "drift": {"action": "pull-request"},
          "pools": [
            {"name": "bare-metal-archive", "file": "pools/bare-metal-archive.yaml", "labels": {"chain": "ethereum", "env": "prod", "network": "mainnet", "role": "archive"},
             "provider": "ansible", "region": null, "machine": {"size": "metal-archive-64c", "image": "debian-13"},
             "software": {"name": "erigon", "version": "3.2.2", "consensus": {"name": "lighthouse", "version": "v8.0.0"}},
             "replicas": {"min": 2, "max": 2, "desired": 2}, "scaling": null, "network": {"publicIngress": [], "ssh": "private"},
             "storage": {"sizeGiB": 4000, "encrypted": true}, "replacement": "auto"},
            {"name": "erpc-gateway", "file": "pools/erpc-gateway.yaml", "labels": {"chain": "ethereum", "env": "prod", "role": "gateway"},
             "provider": "local", "region": null, "machine": {"size": "local-small", "image": "gitopsfleet-node"},
             "software": {"name": "erpc", "version": "0.0.60"},
             "replicas": {"min": 1, "max": 3, "desired": 1}, "scaling": null, "network": {"publicIngress": [443], "ssh": "private"},
             "storage": {"sizeGiB": 20, "encrypted": true}, "replacement": "auto"},
            {"name": "eth-rpc-azure-westeu", "file": "pools/eth-rpc-azure-westeu.yaml", "labels": {"chain": "ethereum", "env": "prod", "network": "mainnet", "role": "rpc"},
             "provider": "azure", "region": "westeurope", "machine": {"size": "Standard_D8s_v5", "image": "ubuntu-24.04"},
             "software": {"name": "geth", "version": "1.16.7", "consensus": {"name": "lighthouse", "version": "v8.0.0"}},
             "replicas": {"min": 1, "max": 12, "desired": 1}, "scaling": {"script": "scaling/rpc-autoscale.csx", "everySeconds": 120},
             "network": {"publicIngress": [], "ssh": "private"}, "storage": {"sizeGiB": 2048, "encrypted": true}, "replacement": "auto"},
            {"name": "eth-rpc", "file": "pools/eth-rpc.yaml", "labels": {"chain": "ethereum", "env": "prod", "network": "mainnet", "role": "rpc"},
             "provider": "local", "region": null, "machine": {"size": "local-small", "image": "gitopsfleet-node"},
             "software": {"name": "geth", "version": "1.16.7", "consensus": {"name": "lighthouse", "version": "v8.0.0"}},
             "replicas": {"min": 2, "max": 6, "desired": 2}, "scaling": {"script": "scaling/rpc-autoscale.csx", "everySeconds": 120},
             "network": {"publicIngress": [], "ssh": "private"}, "storage": {"sizeGiB": 1500, "encrypted": true}, "replacement": "auto"},
            {"name": "eth-validator", "file": "pools/eth-validator.yaml", "labels": {"chain": "ethereum", "env": "prod", "network": "mainnet", "role": "validator"},
             "provider": "local", "region": null, "machine": {"size": "local-small", "image": "gitopsfleet-node"},
             "software": {"name": "lighthouse-vc", "version": "v8.0.0", "consensus": {"name": "lighthouse", "version": "v8.0.0"}},
             "replicas": {"min": 1, "max": 1, "desired": 1}, "scaling": null, "network": {"publicIngress": [], "ssh": "private"},
             "storage": {"sizeGiB": 1500, "encrypted": true}, "replacement": "manual"},
            {"name": "ipfs-gateway", "file": "pools/ipfs-gateway.yaml", "labels": {"env": "prod", "role": "ipfs"},
             "provider": "local", "region": null, "machine": {"size": "local-small", "image": "gitopsfleet-node"},
             "software": {"name": "kubo", "version": "0.38.2"},
             "replicas": {"min": 2, "max": 4, "desired": 2}, "scaling": null, "network": {"publicIngress": [4001], "ssh": "private"},
             "storage": {"sizeGiB": 100, "encrypted": true}, "replacement": "auto"}
          ]},
         "commit": {"sha": "0000000000000000000000000000000000000000", "run": "bench"}}
        """;

    /// <summary>
    /// A fleet of <paramref name="pools"/> generated pools. About one pool in seven breaks some rule
    /// (an unapproved version, a public private port, public ssh, too little storage ...), so deny and
    /// warn sets grow with the fleet as they would in a real repository with mistakes in it.
    /// </summary>
    public static string GeneratedFleetJson(int pools)
    {
        var sb = new StringBuilder(pools * 700);
        sb.Append("""{"fleet": {"name": "generated", "labels": {"team": "infra"}, "reconcile": {"mode": "auto", "prune": true, "allowEmpty": false, "maxParallel": 8}, "drift": {"action": "pull-request"}, "pools": [""");
        for (var i = 0; i < pools; i++)
        {
            var (software, version, consensus, cversion, role) = Clients[i % Clients.Length];
            var broken = i % 7 == 3;
            if (broken && i % 3 == 0)
            {
                version = "latest";
            }

            var min = role == "validator" ? 1 : 1 + (i % 3);
            var max = role == "validator" ? (broken ? 2 : 1) : min * 3;
            var ingress = role switch
            {
                "gateway" => broken ? "[443, 8545]" : "[443]",
                "ipfs" => "[4001]",
                "validator" => broken ? "[30303, 9000, 5052]" : "[30303, 9000]",
                _ => broken ? "[30303, 8551]" : "[30303]",
            };
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(CultureInfo.InvariantCulture, $$"""
                {"name": "pool-{{i:D4}}", "file": "pools/pool-{{i:D4}}.yaml",
                 "labels": {"chain": "ethereum", "env": "{{(i % 5 == 0 ? "staging" : "prod")}}", "role": "{{role}}", "shard": "s{{i % 16}}"{{(i % 11 == 0 ? "" : $", \"owner\": \"team-{i % 9}\"")}}},
                 "provider": "{{(i % 4 == 0 ? "azure" : "local")}}", "region": "{{Regions[i % Regions.Length]}}",
                 "machine": {"size": "{{Sizes[i % Sizes.Length]}}", "image": "ubuntu-24.04"},
                 "software": {"name": "{{software}}", "version": "{{version}}"{{(consensus is null ? "" : $", \"consensus\": {{\"name\": \"{consensus}\", \"version\": \"{cversion}\"}}")}}},
                 "replicas": {"min": {{min}}, "max": {{max}}, "desired": {{min}}},
                 "scaling": {{(role is "rpc" or "gateway" ? "{\"script\": \"scaling/rpc.csx\", \"everySeconds\": 120}" : "null")}},
                 "network": {"publicIngress": {{ingress}}, "ssh": "{{(broken && i % 2 == 1 ? "public" : "private")}}"},
                 "storage": {"sizeGiB": {{(broken ? 50 : 500 + 100 * (i % 20))}}, "encrypted": {{(broken && i % 5 == 1 ? "false" : "true")}}},
                 "replacement": "{{(role == "validator" ? "manual" : "auto")}}"}
                """);
        }

        sb.Append("""]}, "commit": {"sha": "0000000000000000000000000000000000000000", "run": "bench"}}""");
        return sb.ToString();
    }

    /// <summary>Data for the generated policy: the sample's approved versions and ports, plus regions, sizes and minimums.</summary>
    public static string GeneratedDataJson => """
        {"approved": {"clients": {"geth": ["1.16.7"], "nethermind": ["1.35.2"], "erigon": ["3.2.2"], "lighthouse": ["v8.0.0"],
           "lighthouse-vc": ["v8.0.0"], "prysm": ["v6.1.4"], "teku": ["25.11.0"], "kubo": ["0.38.2"], "erpc": ["0.0.60"]}},
         "ports": {"private": [8551, 8545, 8546, 5052, 5051, 3500, 4000, 6060, 5054, 8008, 5001], "p2p": [30303, 9000, 9001, 13000, 12000, 4001]},
         "regions": {"allowed": ["westeurope", "northeurope", "eastus", "westus2"]},
         "sizes": {"forbidden": ["Standard_B1s", "Standard_B2s"], "archive": ["metal-archive-64c", "Standard_E8s_v5"]},
         "storage": {"minimum": {"rpc": 400, "archive": 2000, "validator": 200, "beacon": 300, "ipfs": 100, "gateway": 10}},
         "owners": ["team-0", "team-1", "team-2", "team-3", "team-4", "team-5", "team-6", "team-7"]}
        """;

    /// <summary>
    /// A policy of 50 deny/warn rules in the style of the sample admission policy: ten rule shapes
    /// (field comparisons, <c>in</c> against data, object.get with defaults, sprintf messages, helper
    /// functions), each instantiated five times with different constants.
    /// </summary>
    public static string GeneratedPolicy()
    {
        var sb = new StringBuilder();
        sb.AppendLine("package fleet.generated").AppendLine().AppendLine("import rego.v1").AppendLine();
        sb.AppendLine("""validator(pool) if pool.labels.role == "validator" """);
        sb.AppendLine("""prod(pool) if pool.labels.env == "prod" """);
        sb.AppendLine();
        var roles = new[] { "rpc", "archive", "validator", "ipfs", "gateway" };
        for (var n = 0; n < 5; n++)
        {
            var role = roles[n];
            var shard = $"s{n * 3}";
            // 1. Storage must be encrypted, per role.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("%s: storage must be encrypted (%s)", [pool.name, pool.file]), "pool": pool.name, "rule": "encrypt-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.role == "{{role}}"
                	not pool.storage.encrypted
                }

                """);
            // 2. Private ports never public (data lookup with `in`).
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("%s: port %d must never be in publicIngress", [pool.name, port]), "pool": pool.name, "rule": "private-port-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.shard == "{{shard}}"
                	some port in pool.network.publicIngress
                	port in data.ports.private
                }

                """);
            // 3. Minimum storage per role (object.get over data with a default).
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("%s: %d GiB is below the %d GiB minimum for %s pools", [pool.name, pool.storage.sizeGiB, minimum, pool.labels.role]), "pool": pool.name, "rule": "min-storage-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.role == "{{role}}"
                	minimum := object.get(data.storage.minimum, pool.labels.role, 0)
                	pool.storage.sizeGiB < minimum
                }

                """);
            // 4. Approved versions only.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("%s %s is not an approved version (approved: %v)", [pool.software.name, pool.software.version, approved]), "pool": pool.name, "rule": "approved-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.role == "{{role}}"
                	approved := object.get(data.approved.clients, pool.software.name, [])
                	not pool.software.version in approved
                }

                """);
            // 5. Validators never scale.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("%s: validator pools need replicas.min == replicas.max (%d != %d)", [pool.name, pool.replicas.min, pool.replicas.max]), "pool": pool.name, "rule": "validator-fixed-{{n}}"} if {
                	some pool in input.fleet.pools
                	validator(pool)
                	pool.labels.shard == "{{shard}}"
                	pool.replicas.min != pool.replicas.max
                }

                """);
            // 6. Validator pools expose only p2p ports.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("validator pools expose only p2p ports, not %d", [port]), "pool": pool.name, "rule": "validator-p2p-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.shard == "{{shard}}"
                	validator(pool)
                	some port in pool.network.publicIngress
                	not port in data.ports.p2p
                }

                """);
            // 7. SSH is never public.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                deny contains {"msg": sprintf("%s: ssh must not be public", [pool.name]), "pool": pool.name, "rule": "ssh-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.role == "{{role}}"
                	pool.network.ssh == "public"
                }

                """);
            // 8. Regions come from an allow-list.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                warn contains {"msg": sprintf("%s: region %s is not in the allowed list", [pool.name, pool.region]), "pool": pool.name, "rule": "region-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.provider == "azure"
                	pool.labels.role == "{{role}}"
                	not pool.region in data.regions.allowed
                }

                """);
            // 9. Production pools keep a spare.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                warn contains {"msg": sprintf("production pool %s runs with replicas.min %d; keep at least {{2 + n % 2}}", [pool.name, pool.replicas.min]), "pool": pool.name, "rule": "spare-{{n}}"} if {
                	some pool in input.fleet.pools
                	prod(pool)
                	not validator(pool)
                	pool.labels.shard == "{{shard}}"
                	pool.replicas.min < {{2 + n % 2}}
                }

                """);
            // 10. Every pool names an owner from the known teams.
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""
                warn contains {"msg": sprintf("%s: owner %q is not a known team", [pool.name, owner]), "pool": pool.name, "rule": "owner-{{n}}"} if {
                	some pool in input.fleet.pools
                	pool.labels.role == "{{role}}"
                	owner := object.get(pool.labels, "owner", "")
                	not owner in data.owners
                }

                """);
        }

        return sb.ToString();
    }

    /// <summary>
    /// About <paramref name="bytes"/> of JSON records in which no string, number or object repeats (only
    /// the keys do): an event log rather than a fleet, the worst case for sharing values while parsing.
    /// </summary>
    public static string UniqueValuesJson(int bytes)
    {
        var sb = new StringBuilder(bytes + 256);
        sb.Append('[');
        for (var i = 0; sb.Length < bytes; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(CultureInfo.InvariantCulture, $$"""{"id": "evt-{{i:D8}}", "node": "node-{{i * 7919 % 1_000_003:D7}}.example", "ts": {{1_700_000_000_000L + (i * 137L)}}, "latencyMs": {{(i % 9973) + 0.5}}, "message": "request {{i}} served by replica {{i % 9973}} in zone {{i * 31 % 997}}", "tags": ["t{{i}}", "u{{i + 1}}"]}""");
        }

        sb.Append(']');
        return sb.ToString();
    }

    public static Value Parse(string json) => ValueJson.Parse(json);

    public static PolicyEngine GeneratedEngine() =>
        PolicyEngine.Compile([new RegoSource("fleet/generated.rego", GeneratedPolicy())], ValueJson.Parse(GeneratedDataJson));
}
