using GitOpsFleet.Model;
using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

public sealed class FleetLoaderTests
{
    [Fact]
    public void Load_ValidFleet_ReturnsPoolsWithoutDiagnostics()
    {
        var result = Load(WithFleet(("pools/rpc.yaml", Pool())));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Empty(result.Diagnostics);
        var fleet = result.Fleet!;
        Assert.Equal("testnet", fleet.Name);
        Assert.Equal(TimeSpan.FromSeconds(30), fleet.Reconcile.Interval);
        Assert.Equal(2, fleet.Reconcile.MaxParallel);
        Assert.True(fleet.Reconcile.Prune);
        Assert.Equal(DriftAction.Heal, fleet.Drift.Action);
        var pool = Assert.Single(fleet.Pools);
        Assert.Equal("rpc", pool.Name);
        Assert.Equal("local", pool.Provider);
        Assert.Equal(new SoftwareSpec("geth", "1.16.7"), pool.Software);
        Assert.Equal(new ReplicaRange(1, 3), pool.Replicas);
        Assert.Equal("pools/rpc.yaml", pool.SourcePath);
        Assert.Equal(ReplacementPolicy.Auto, pool.Replacement);
        Assert.Null(pool.Scaling);
    }

    [Fact]
    public void Load_MisspeltField_SuggestsTheClosestKnownField()
    {
        var pool = Pool().Replace("  software:", "  sofware:");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Null(result.Fleet);
        Assert.Contains("pools/rpc.yaml:7:3: error FLEET002: unknown field 'sofware' in spec; did you mean 'software'?", Lines(result));
        Assert.Contains("pools/rpc.yaml:6:3: error FLEET004: missing required field 'software' in spec", Lines(result));
    }

    [Fact]
    public void Load_UnknownFieldWithNothingClose_ListsTheAllowedFields()
    {
        var pool = Pool().Replace("    max: 3", "    max: 3\n    target: 2");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:11:5: error FLEET002: unknown field 'target' in spec.replicas; expected one of: min, max"], Lines(result));
    }

    [Fact]
    public void Load_WordWhereAnIntegerBelongs_ReportsWrongType()
    {
        var pool = Pool().Replace("min: 1", "min: three");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:9:10: error FLEET003: spec.replicas.min must be an integer, got 'three'"], Lines(result));
    }

    [Fact]
    public void Load_QuotedInteger_SaysToRemoveTheQuotes()
    {
        var pool = Pool().Replace("max: 3", "max: \"3\"");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:10:10: error FLEET003: spec.replicas.max must be an integer, got string '3'; remove the quotes"], Lines(result));
    }

    [Fact]
    public void Load_MappingWhereAStringBelongs_ReportsWrongType()
    {
        var pool = Pool().Replace("  provider: local", "  provider: {name: local}");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:6:13: error FLEET003: spec.provider must be a string, got a mapping"], Lines(result));
    }

    [Fact]
    public void Load_MissingRequiredFields_ReportsEachOneAtItsMapping()
    {
        const string pool = """
            apiVersion: gitopsfleet.dev/v1
            kind: NodePool
            metadata:
              labels: {role: rpc}
            spec:
              region: local
              software: {name: geth}
            """;

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(
        [
            "pools/rpc.yaml:4:3: error FLEET004: missing required field 'name' in metadata",
            "pools/rpc.yaml:6:3: error FLEET004: missing required field 'provider' in spec",
            "pools/rpc.yaml:6:3: error FLEET004: missing required field 'replicas' in spec",
            "pools/rpc.yaml:7:13: error FLEET004: missing required field 'version' in spec.software",
        ], Lines(result));
    }

    [Fact]
    public void Load_RequiredFieldWithoutValue_PointsAtTheKey()
    {
        var pool = Pool().Replace("  name: rpc", "  name:");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:4:3: error FLEET004: required field 'metadata.name' has no value"], Lines(result));
    }

    [Fact]
    public void Load_WrongApiVersionAndKind_ReportsBoth()
    {
        var pool = Pool().Replace("gitopsfleet.dev/v1", "gitopsfleet.dev/v2").Replace("kind: NodePool", "kind: Fleet");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(
        [
            "pools/rpc.yaml:1:13: error FLEET005: apiVersion must be 'gitopsfleet.dev/v1', got 'gitopsfleet.dev/v2'",
            "pools/rpc.yaml:2:7: error FLEET006: kind must be 'NodePool' for a file in pools/, got 'Fleet'",
        ], Lines(result));
    }

    [Fact]
    public void Load_MinGreaterThanMax_IsAnError()
    {
        var pool = Pool().Replace("min: 1", "min: 5");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:9:10: error FLEET007: spec.replicas.min (5) is greater than spec.replicas.max (3)"], Lines(result));
    }

    [Fact]
    public void Load_NegativeNumbers_AreOutOfRange()
    {
        var pool = Pool().Replace("min: 1", "min: -1") + "  storage: {sizeGiB: 0}\n";
        var fleet = FleetYaml.Replace("maxParallel: 2", "maxParallel: -4");

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", pool)));

        Assert.Equal(
        [
            "fleet.yaml:6:87: error FLEET008: spec.reconcile.maxParallel must be at least 1, got -4",
            "pools/rpc.yaml:9:10: error FLEET008: spec.replicas.min must not be negative, got -1",
            "pools/rpc.yaml:11:22: error FLEET008: spec.storage.sizeGiB must be at least 1, got 0",
        ], Lines(result));
    }

    [Fact]
    public void Load_MaxDeletePercentAbove100_IsOutOfRange()
    {
        var fleet = FleetYaml.Replace("maxParallel: 2", "maxParallel: 2, maxDeletePercent: 150");

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", Pool())));

        Assert.False(result.Succeeded);
        Assert.Contains(Lines(result), l => l.Contains("error FLEET008: spec.reconcile.maxDeletePercent must be at most 100, got 150", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Approvals_ReadsExpiryAndRequired_AndDefaultsToOneWithinAnHour()
    {
        var fleet = FleetYaml.Replace("drift: {action: heal}", "drift: {action: heal}\n  approvals: {expiresAfter: 30m, required: 2}", StringComparison.Ordinal);
        var set = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", Pool())));
        Assert.True(set.Succeeded, string.Join("\n", Lines(set)));
        Assert.Equal(new ApprovalSettings(TimeSpan.FromMinutes(30), 2), set.Fleet!.ApprovalRules);

        var unset = Load(Snapshot(("fleet.yaml", FleetYaml), ("pools/rpc.yaml", Pool())));
        Assert.Equal(ApprovalSettings.Default, unset.Fleet!.ApprovalRules);
        Assert.Equal((TimeSpan.FromHours(1), 1), (ApprovalSettings.Default.ExpiresAfter, ApprovalSettings.Default.Required));

        var zero = Load(Snapshot(("fleet.yaml", FleetYaml.Replace("drift: {action: heal}", "drift: {action: heal}\n  approvals: {required: 0}", StringComparison.Ordinal)), ("pools/rpc.yaml", Pool())));
        Assert.False(zero.Succeeded);
    }

    [Fact]
    public void Load_MaxDeletePercentMissing_DefaultsToHalfTheFleet()
    {
        var result = Load(Snapshot(("fleet.yaml", FleetYaml), ("pools/rpc.yaml", Pool())));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Equal(50, result.Fleet!.Reconcile.MaxDeletePercent);
    }

    [Fact]
    public void Load_DuplicatePoolNames_PointsAtBothFiles()
    {
        var result = Load(WithFleet(("pools/a.yaml", Pool("rpc")), ("pools/b.yml", Pool("rpc")), ("pools/c.yaml", Pool("ipfs"))));

        Assert.Null(result.Fleet);
        Assert.Equal(
        [
            "pools/a.yaml:4:9: error FLEET009: pool name 'rpc' is also used by pools/b.yml:4:9; pool names must be unique in a fleet",
            "pools/b.yml:4:9: error FLEET009: pool name 'rpc' is also used by pools/a.yaml:4:9; pool names must be unique in a fleet",
        ], Lines(result));
    }

    [Fact]
    public void Load_UnknownProvider_ListsKnownProvidersAndSuggests()
    {
        var pool = Pool().Replace("provider: local", "provider: azur");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:6:13: error FLEET010: unknown provider 'azur'; known providers: local, ansible, azure; did you mean 'azure'?"], Lines(result));
    }

    [Fact]
    public void Load_ProviderOutsideTheConfiguredSet_IsUnknown()
    {
        var options = new FleetLoadOptions { KnownProviders = ["ansible"] };

        var result = new FleetLoader().Load(WithFleet(("pools/rpc.yaml", Pool())), options);

        Assert.Equal(["pools/rpc.yaml:6:13: error FLEET010: unknown provider 'local'; known providers: ansible"], Lines(result));
    }

    [Fact]
    public void Load_ScalingScriptMissingFromCommit_IsReportedWithAHint()
    {
        var pool = Pool() + "  scaling: {script: scaling/rpc-autoscal.csx, every: 1m}\n";

        var result = Load(WithFleet(("pools/rpc.yaml", pool), ("scaling/rpc-autoscale.csx", "return Current;")));

        Assert.Equal(
            ["pools/rpc.yaml:11:21: error FLEET011: spec.scaling.script 'scaling/rpc-autoscal.csx' does not exist in commit 0123456789ab; did you mean 'scaling/rpc-autoscale.csx'?"],
            Lines(result));
    }

    [Fact]
    public void Load_ScalingScriptPresent_UsesItAndTheFleetIntervalAsDefault()
    {
        var pool = Pool() + "  scaling: {script: ./scaling/rpc.csx}\n";

        var result = Load(WithFleet(("pools/rpc.yaml", pool), ("scaling/rpc.csx", "return Current;")));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.Equal(new ScalingSpec("scaling/rpc.csx", TimeSpan.FromSeconds(30)), result.Fleet!.Pools[0].Scaling);
    }

    [Fact]
    public void Load_AnsiblePathsMissingOrOutsideTheRepository_AreReported()
    {
        var pool = Pool().Replace("provider: local", "provider: ansible") + """
              ansible:
                inventory: ../inventory.ini
                group: archive
                playbook: ansible/site.yaml

            """;

        var result = Load(WithFleet(("pools/rpc.yaml", pool), ("ansible/site.yml", "- hosts: all\n")));

        Assert.Equal(
        [
            "pools/rpc.yaml:12:16: error FLEET018: spec.ansible.inventory '../inventory.ini' must be a relative path inside the fleet repository, with '/' and without '..'",
            "pools/rpc.yaml:14:15: error FLEET011: spec.ansible.playbook 'ansible/site.yaml' does not exist in commit 0123456789ab; did you mean 'ansible/site.yml'?",
        ], Lines(result));
    }

    [Fact]
    public void Load_NetworkAndLabelsWithBadValues_ReportsEachElement()
    {
        var pool = Pool().Replace("  name: rpc", "  name: rpc\n  labels: {role: [rpc]}") + """
              network:
                publicIngress: [443, 70000, web]
                ssh: open
              ansible: {inventory: missing.ini, group: g, playbook: p.yml, vars: [a]}

            """;

        var result = Load(WithFleet(("pools/rpc.yaml", pool), ("p.yml", "- hosts: all\n")));

        Assert.Equal(
        [
            "pools/rpc.yaml:5:18: error FLEET003: metadata.labels.role must be a string, got a list",
            "pools/rpc.yaml:13:26: error FLEET008: spec.network.publicIngress[1] must be at most 65535, got 70000",
            "pools/rpc.yaml:13:33: error FLEET003: spec.network.publicIngress[2] must be an integer, got 'web'",
            "pools/rpc.yaml:14:10: error FLEET013: spec.network.ssh must be one of private, jit, public, none; got 'open'",
            "pools/rpc.yaml:15:24: error FLEET011: spec.ansible.inventory 'missing.ini' does not exist in commit 0123456789ab",
            "pools/rpc.yaml:15:70: error FLEET003: spec.ansible.vars must be a mapping, got a list",
        ], Lines(result));
    }

    [Fact]
    public void Load_AnsiblePool_CarriesVarsAsJson()
    {
        var pool = Pool().Replace("provider: local", "provider: ansible") + """
              ansible:
                inventory: ansible/inventory
                group: archive
                playbook: ansible/site.yml
                vars:
                  network: mainnet
                  port: 30303
                  archive: true
                  ratio: 0.5
                  quoted: "42"
                  peers: [a, b]
                  nothing: ~

            """;
        var snapshot = WithFleet(("pools/rpc.yaml", pool), ("ansible/site.yml", "- hosts: all\n"), ("ansible/inventory/hosts.ini", "[archive]\n"));

        var result = Load(snapshot);

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        var ansible = result.Fleet!.Pools[0].Ansible!;
        Assert.Equal(("ansible/inventory", "archive", "ansible/site.yml"), (ansible.Inventory, ansible.Group, ansible.Playbook));
        Assert.Equal(
            """{"network":"mainnet","port":30303,"archive":true,"ratio":0.5,"quoted":"42","peers":["a","b"],"nothing":null}""",
            ansible.Vars!.Value.GetRawText());
    }

    [Fact]
    public void Load_AnsibleProviderWithoutAnsibleBlock_IsMissingField()
    {
        var pool = Pool().Replace("provider: local", "provider: ansible");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(
            ["pools/rpc.yaml:6:3: error FLEET004: missing required field 'ansible' in spec: provider ansible needs ansible.inventory, ansible.group and ansible.playbook"],
            Lines(result));
    }

    [Fact]
    public void Load_BadDurations_AreReported()
    {
        var fleet = FleetYaml.Replace("interval: 30s", "interval: soon");
        var pool = Pool() + "  scaling: {script: s.csx, every: 2 minutes}\n";

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", pool), ("s.csx", "return 1;")));

        Assert.Equal(
        [
            "fleet.yaml:6:25: error FLEET012: spec.reconcile.interval must be a duration such as 30s, 2m or 1h, got 'soon'",
            "pools/rpc.yaml:11:35: error FLEET012: spec.scaling.every must be a duration such as 30s, 2m or 1h, got '2 minutes'",
        ], Lines(result));
    }

    [Fact]
    public void Load_BadEnumValues_ListTheAllowedValues()
    {
        var fleet = FleetYaml.Replace("action: heal", "action: pr").Replace("mode: auto", "mode: Auto");
        var pool = Pool() + "  replacement: sometimes\n";

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", pool)));

        Assert.Equal(
        [
            "fleet.yaml:6:36: error FLEET013: spec.reconcile.mode must be one of auto, manual; got 'Auto'; did you mean 'auto'?",
            "fleet.yaml:7:19: error FLEET013: spec.drift.action must be one of pull-request, heal, report; got 'pr'",
            "pools/rpc.yaml:11:16: error FLEET013: spec.replacement must be one of auto, manual; got 'sometimes'",
        ], Lines(result));
    }

    [Fact]
    public void Load_YamlSyntaxError_UsesTheParserLocationAndOtherFilesAreStillChecked()
    {
        var broken = Pool().Replace("software: {name: geth, version: 1.16.7}", "software: {name: geth, version: 1.16.7");
        var other = Pool("ipfs").Replace("min: 1", "min: x");

        var result = Load(WithFleet(("pools/a.yaml", broken), ("pools/b.yaml", other)));

        Assert.Equal(
        [
            "pools/a.yaml:7:13: error FLEET001: invalid YAML: the '{' opened here is never closed",
            "pools/b.yaml:9:10: error FLEET003: spec.replicas.min must be an integer, got 'x'",
        ], Lines(result));
    }

    [Fact]
    public void Load_BadIndentation_IsASyntaxErrorAtTheOffendingLine()
    {
        var broken = Pool().Replace("    max: 3", "   max: 3");

        var result = Load(WithFleet(("pools/a.yaml", broken)));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.YamlSyntax, "pools/a.yaml", 10), (diagnostic.Code, diagnostic.Path, diagnostic.Line));
    }

    [Fact]
    public void Load_DuplicateKey_PointsAtTheSecondAndNamesTheFirst()
    {
        var pool = Pool().Replace("    max: 3", "    max: 3\n    min: 2");

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(["pools/rpc.yaml:11:5: error FLEET014: duplicate key 'min'; it is first defined at line 9, column 5"], Lines(result));
    }

    [Fact]
    public void Load_MissingFleetFile_IsAnErrorAndPoolsAreStillChecked()
    {
        var result = Load(Snapshot(("pools/rpc.yaml", Pool().Replace("min: 1", "min: one"))));

        Assert.Equal(
        [
            "fleet.yaml: error FLEET015: fleet.yaml is missing at the root of the repository; a fleet repository needs one (kind Fleet)",
            "pools/rpc.yaml:9:10: error FLEET003: spec.replicas.min must be an integer, got 'one'",
        ], Lines(result));
    }

    [Fact]
    public void Load_EmptyPoolFileAndMultipleDocuments_AreReported()
    {
        var result = Load(WithFleet(("pools/empty.yaml", "# nothing yet\n"), ("pools/two.yaml", Pool() + "---\n" + Pool("other"))));

        Assert.Equal(
        [
            "pools/empty.yaml:1:1: error FLEET016: the file is empty; expected a NodePool with apiVersion, kind, metadata and spec",
            "pools/two.yaml:11:1: error FLEET016: this file holds more than one YAML document; put one document in each file",
        ], Lines(result));
    }

    [Fact]
    public void Load_InvalidPoolName_IsReported()
    {
        var result = Load(WithFleet(("pools/rpc.yaml", Pool("Eth_RPC"))));

        Assert.Equal(
            ["pools/rpc.yaml:4:9: error FLEET017: metadata.name 'Eth_RPC' is not a valid name: use lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters"],
            Lines(result));
    }

    [Fact]
    public void Load_AzurePoolWithoutFleetAzureSettings_IsReported()
    {
        var pool = Pool().Replace("provider: local", "provider: azure") + "  region: westeurope\n";

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.Equal(
            ["pools/rpc.yaml:6:13: error FLEET021: the pool uses provider azure, but fleet.yaml has no spec.azure with subscription and resourceGroup"],
            Lines(result));
    }

    [Fact]
    public void Load_IntervalAndCronTogether_Conflict()
    {
        var fleet = FleetYaml.Replace("interval: 30s,", "interval: 30s, cron: '*/5 * * * *',");

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", Pool())));

        Assert.Equal(
        [
            "fleet.yaml:6:15: error FLEET020: spec.reconcile sets both interval and cron; keep one of them",
            "fleet.yaml:6:36: error FLEET019: spec.reconcile.cron '*/5 * * * *' has 5 fields; a Quartz cron expression has 6 or 7, starting with seconds (e.g. '0 */5 * * * ?')",
        ], Lines(result));
    }

    [Fact]
    public void Load_FleetWithEveryOptionalSetting_ReadsThemAll()
    {
        const string fleet = """
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: mainnet
              labels: {team: ops}
            spec:
              reconcile: {cron: '0 */5 * * * ?', mode: manual, prune: false, allowEmpty: true, maxParallel: 8, maxDeletePercent: 20}
              drift: {action: report}
              policies:
                engine: opa
                source: {repo: https://git.example/sec/policies.git, ref: main, path: fleet/}
                admission: data.sec.admission
                plan: data.sec.plan
                opa: {url: http://opa:8181}
              metrics: {prometheus: http://prometheus:9090}
              forge: {kind: github, url: https://ghe.example/api/v3, repository: ops/fleet, tokenEnv: GITHUB_TOKEN, tokenFile: /run/secrets/token}
              azure: {subscription: 11111111-2222-3333-4444-555555555555, resourceGroup: rg, location: northeurope}
            """;
        var pool = Pool().Replace("provider: local", "provider: azure") + """
              machine: {size: Standard_D8s_v5, image: ubuntu-24.04}
              network: {publicIngress: [443, 30303], ssh: jit}
              storage: {sizeGiB: 2048, encrypted: true}
              replacement: manual

            """;

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", pool)));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        var f = result.Fleet!;
        Assert.Equal("ops", f.Labels["team"]);
        Assert.Equal(new ReconcileSettings(ReconcileSettings.Default.Interval, "0 */5 * * * ?", ReconcileMode.Manual, false, true, 8, 20), f.Reconcile);
        Assert.Equal(DriftAction.Report, f.Drift.Action);
        Assert.Equal(new PolicySettings(PolicyEngineKind.Opa, new PolicySource("https://git.example/sec/policies.git", "main", "fleet/"),
            "data.sec.admission", "data.sec.plan", "http://opa:8181"), f.Policies);
        Assert.Equal("http://prometheus:9090", f.Metrics!.Prometheus);
        Assert.Equal(new ForgeSettings(ForgeKind.GitHub, "https://ghe.example/api/v3", "ops/fleet", "GITHUB_TOKEN", "/run/secrets/token"), f.Forge);
        Assert.Equal(new AzureSettings("11111111-2222-3333-4444-555555555555", "rg", "northeurope"), f.Azure);
        var p = f.Pools[0];
        Assert.Equal(new MachineSpec("Standard_D8s_v5", "ubuntu-24.04"), p.Machine);
        Assert.Equal([443, 30303], p.Network.PublicIngress);
        Assert.Equal("jit", p.Network.Ssh);
        Assert.Equal(new StorageSpec(2048, true), p.Storage);
        Assert.Equal(ReplacementPolicy.Manual, p.Replacement);
    }

    [Fact]
    public void Load_FleetSettingsWithBadValues_ReportsEach()
    {
        const string fleet = """
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: mainnet
            spec:
              policies: {engine: opa}
              metrics: {prometheus: prometheus:9090}
              forge: {kind: gitea}
              azure: {subscription: my-sub, resourceGroup: rg}
            """;

        var result = Load(Snapshot(("fleet.yaml", fleet)));

        Assert.Equal(
        [
            "fleet.yaml:6:13: error FLEET004: missing required field 'opa' in spec.policies: engine opa needs opa.url",
            "fleet.yaml:7:25: error FLEET019: spec.metrics.prometheus must be an absolute http or https URL, got 'prometheus:9090'",
            "fleet.yaml:8:10: error FLEET004: missing required field 'repository' in spec.forge",
            "fleet.yaml:9:25: error FLEET019: spec.azure.subscription 'my-sub' is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)",
        ], Lines(result));
    }

    [Fact]
    public void Load_ManyBrokenFiles_ReportsEveryProblemAtOnceSortedByLocation()
    {
        var fleet = FleetYaml.Replace("action: heal", "action: fix");
        var a = Pool("a").Replace("  software:", "  sofware:");
        var b = Pool("b").Replace("software: {name: geth, version: 1.16.7}", "software: [geth");
        var c = Pool("c").Replace("min: 1", "min: 9").Replace("provider: local", "provider: gcp");
        var d = Pool("a");

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/d.yaml", d), ("pools/c.yaml", c), ("pools/b.yaml", b), ("pools/a.yaml", a),
            ("pools/README.md", "not a pool")));

        Assert.Null(result.Fleet);
        Assert.False(result.Succeeded);
        var located = result.Diagnostics.Select(x => (x.Path, x.Code)).ToList();
        Assert.Equal(
        [
            ("fleet.yaml", "FLEET013"),
            ("pools/a.yaml", "FLEET009"),
            ("pools/a.yaml", "FLEET004"),
            ("pools/a.yaml", "FLEET002"),
            ("pools/b.yaml", "FLEET001"),
            ("pools/c.yaml", "FLEET010"),
            ("pools/c.yaml", "FLEET007"),
            ("pools/d.yaml", "FLEET009"),
        ], located);
        Assert.Equal(result.Diagnostics.OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Line).ThenBy(x => x.Column), result.Diagnostics);
    }

    [Fact]
    public void Load_SnapshotListingFilesOutOfOrder_StillReadsPoolsInOrdinalOrder()
    {
        var inner = WithFleet(("pools/b.yaml", Pool("b")), ("pools/a.yml", Pool("a")), ("pools/C.yaml", Pool("c")));

        var first = Load(new ReversedSnapshot(inner));
        var second = Load(inner);

        Assert.Equal(["pools/C.yaml", "pools/a.yml", "pools/b.yaml"], first.Fleet!.Pools.Select(p => p.SourcePath));
        Assert.Equal(first.Fleet.Pools, second.Fleet!.Pools);
    }

    [Fact]
    public void Load_LabelsAndAliases_AreRead()
    {
        const string pool = """
            apiVersion: gitopsfleet.dev/v1
            kind: NodePool
            metadata:
              name: rpc
              labels: &labels {chain: ethereum, tier: 1}
            spec:
              provider: local
              software: {name: geth, version: 1.20}
              replicas: {min: 0, max: 0}
            """;

        var result = Load(WithFleet(("pools/rpc.yaml", pool)));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        var p = result.Fleet!.Pools[0];
        Assert.Equal("1", p.Labels["tier"]);
        Assert.Equal("1.20", p.Software.Version);
    }

    [Fact]
    public void Load_FleetWithErrorsAndValidPools_ReturnsNoFleet()
    {
        var fleet = FleetYaml.Replace("kind: Fleet", "kind: Fleets");

        var result = Load(Snapshot(("fleet.yaml", fleet), ("pools/rpc.yaml", Pool())));

        Assert.Null(result.Fleet);
        Assert.Equal(["fleet.yaml:2:7: error FLEET006: kind must be 'Fleet' in fleet.yaml, got 'Fleets'"], Lines(result));
    }

    [Fact]
    public void Load_NoPools_LoadsAnEmptyFleet()
    {
        // The empty-fleet guard belongs to the planner (allowEmpty); loading an empty commit is not an error.
        var result = Load(WithFleet());

        Assert.True(result.Succeeded);
        Assert.Empty(result.Fleet!.Pools);
    }

    private sealed class ReversedSnapshot(ISourceSnapshot inner) : ISourceSnapshot
    {
        public string Commit => inner.Commit;

        public bool FileExists(string path) => inner.FileExists(path);

        public IReadOnlyList<string> ListFiles(string directory) => inner.ListFiles(directory).Reverse().ToList();

        public IReadOnlyList<string> ListFilesRecursive(string directory) => inner.ListFilesRecursive(directory).Reverse().ToList();

        public byte[]? ReadBytes(string path) => inner.ReadBytes(path);
    }
}
