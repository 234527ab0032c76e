namespace GitOpsFleet.Loading.Tests.Schema;

/// <summary>Small files, each broken in one field, with the code the loader reports for it.</summary>
internal static class SchemaRejectionCases
{
    public static TheoryData<string, string, string> All()
    {
        var data = new TheoryData<string, string, string>();
        void Pool(string code, string from, string to) => data.Add("NodePool", Replace(Fixtures.Pool(), from, to), code);
        void Fleet(string code, string spec) => data.Add("Fleet", FleetHeader + spec + "\n", code);

        // Unknown keys, at every level the loader checks.
        Pool(DiagnosticCodes.UnknownField, "spec:\n", "spec:\n  replicaz: 2\n");
        Pool(DiagnosticCodes.UnknownField, "    max: 3\n", "    max: 3\n    step: 1\n");
        Pool(DiagnosticCodes.UnknownField, "kind: NodePool\n", "kind: NodePool\nstatus: {}\n");
        Pool(DiagnosticCodes.UnknownField, "  name: rpc\n", "  name: rpc\n  namespace: eth\n");
        Pool(DiagnosticCodes.UnknownField, "version: 1.16.7}", "version: 1.16.7, flavour: snap}");
        Fleet(DiagnosticCodes.UnknownField, "  forge: {kind: local, branch: main}");
        Fleet(DiagnosticCodes.UnknownField, "  reconcile: {intervall: 1m}");

        // Values outside a choice table.
        Pool(DiagnosticCodes.BadEnumValue, "spec:\n", "spec:\n  replacement: sometimes\n");
        Pool(DiagnosticCodes.BadEnumValue, "spec:\n", "spec:\n  network: {ssh: open}\n");
        Fleet(DiagnosticCodes.BadEnumValue, "  reconcile: {mode: sometimes}");
        Fleet(DiagnosticCodes.BadEnumValue, "  drift: {action: fix}");
        Fleet(DiagnosticCodes.BadEnumValue, "  policies: {engine: cedar}");
        Fleet(DiagnosticCodes.BadEnumValue, "  forge: {kind: bitbucket, repository: a/b}");

        // Wrong types.
        Pool(DiagnosticCodes.WrongType, "    min: 1\n", "    min: '1'\n");
        Pool(DiagnosticCodes.WrongType, "    min: 1\n", "    min: one\n");
        Pool(DiagnosticCodes.WrongType, "  software: {name: geth, version: 1.16.7}", "  software: [geth, 1.16.7]");
        Pool(DiagnosticCodes.WrongType, "spec:\n", "spec:\n  storage: {encrypted: yes}\n");
        Pool(DiagnosticCodes.WrongType, "spec:\n", "spec:\n  network: {publicIngress: 443}\n");
        Pool(DiagnosticCodes.WrongType, "  name: rpc\n", "  name: rpc\n  labels: [a, b]\n");
        Fleet(DiagnosticCodes.WrongType, "  reconcile: {prune: maybe}");
        Fleet(DiagnosticCodes.WrongType, "  reconcile: [1m]");
        Fleet(DiagnosticCodes.BadDuration, "  reconcile: {interval: 10 parsecs}");
        Fleet(DiagnosticCodes.BadDuration, "  reconcile: {interval: 30}");

        // Numbers out of range, including the per-pool replica limit.
        Pool(DiagnosticCodes.TooManyReplicas, "    max: 3\n", "    max: 1001\n");
        Pool(DiagnosticCodes.OutOfRange, "    min: 1\n", "    min: -1\n");
        Pool(DiagnosticCodes.OutOfRange, "spec:\n", "spec:\n  storage: {sizeGiB: 0}\n");
        Pool(DiagnosticCodes.OutOfRange, "spec:\n", "spec:\n  network: {publicIngress: [443, 70000]}\n");
        Fleet(DiagnosticCodes.OutOfRange, "  reconcile: {maxParallel: 0}");
        Fleet(DiagnosticCodes.OutOfRange, "  reconcile: {maxDeletePercent: 101}");

        // Missing required fields, and required fields written without a value.
        Pool(DiagnosticCodes.MissingField, "  software: {name: geth, version: 1.16.7}\n", "");
        Pool(DiagnosticCodes.MissingField, "    max: 3\n", "");
        Pool(DiagnosticCodes.MissingField, "  provider: local\n", "");
        Pool(DiagnosticCodes.MissingField, "  provider: local\n", "  provider:\n");
        Pool(DiagnosticCodes.MissingField, "version: 1.16.7}", "version: 1.16.7, consensus: {name: lighthouse}}");
        Pool(DiagnosticCodes.MissingField, "metadata:\n  name: rpc\n", "metadata:\n  labels: {team: rpc}\n");
        Pool(DiagnosticCodes.MissingField, "spec:\n", "spec:\n  ansible: {group: archive, playbook: site.yml}\n");
        Fleet(DiagnosticCodes.MissingField, "  azure: {subscription: 00000000-0000-0000-0000-000000000000}");
        Fleet(DiagnosticCodes.MissingField, "  policies: {source: {ref: main}}");
        Fleet(DiagnosticCodes.MissingField, "  policies: {opa: {}}");

        // Fields required by another field's value.
        Fleet(DiagnosticCodes.MissingField, "  policies: {engine: opa}");
        Fleet(DiagnosticCodes.MissingField, "  forge: {kind: github}");
        Fleet(DiagnosticCodes.MissingField, "  forge: {kind: gitea, repository: }");
        Pool(DiagnosticCodes.MissingField, "  provider: local\n", "  provider: ansible\n");
        Pool(DiagnosticCodes.MissingField, "  provider: local\n", "  provider: ansible\n  ansible:\n");

        // The envelope and values the loader checks against a fixed rule.
        Pool(DiagnosticCodes.WrongApiVersion, "gitopsfleet.dev/v1", "gitopsfleet.dev/v2");
        Pool(DiagnosticCodes.WrongKind, "kind: NodePool", "kind: Fleet");
        Pool(DiagnosticCodes.InvalidName, "  name: rpc\n", "  name: RPC_1\n");
        Pool(DiagnosticCodes.InvalidName, "  name: rpc\n", $"  name: {new string('a', 64)}\n");
        Fleet(DiagnosticCodes.InvalidValue, "  azure: {subscription: not-a-guid, resourceGroup: rg}");
        Fleet(DiagnosticCodes.InvalidValue, "  metrics: {prometheus: ftp://metrics}");
        Fleet(DiagnosticCodes.InvalidValue, "  reconcile: {cron: '*/5 * * * *'}");
        return data;
    }

    private const string FleetHeader = "apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: testnet\nspec:\n";

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return text[..at] + to + text[(at + from.Length)..];
    }
}
