using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Providers.LocalNode;
using GitOpsFleet.Model;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Providers.Tests.LocalNode;

public sealed partial class NodeMetricsTests
{
    private static Dictionary<string, (string Type, List<(string Name, string Labels, double Value)> Samples)> Render(
        string software, SoftwareSpec? consensus = null, Dictionary<string, string>? labels = null, SimulatedLoad? load = null)
    {
        var args = new NodeArguments("mainnet", "pool", "node-0", new SoftwareSpec(software, "1.2.3", consensus), new MachineSpec("Standard_D8s_v5", null),
            labels ?? new Dictionary<string, string>(), 0, null, 0);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var sim = new NodeSimulation(args, time, () => load);
        sim.Advance();
        time.Advance(TimeSpan.FromSeconds(30));
        return Parse(NodeMetrics.Render(args, sim.Profile, sim.Consensus, sim.Advance()));
    }

    /// <summary>
    /// A strict reading of the text format: HELP and TYPE once per family and before its samples,
    /// every sample belongs to a declared family, values are numbers.
    /// </summary>
    private static Dictionary<string, (string Type, List<(string Name, string Labels, double Value)> Samples)> Parse(string text)
    {
        var families = new Dictionary<string, (string Type, List<(string, string, double)> Samples)>(StringComparer.Ordinal);
        Assert.EndsWith("\n", text);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "gauge", "counter", "summary", "histogram", "untyped" });
                Assert.True(families.TryAdd(parts[2], (parts[3], [])), $"family {parts[2]} declared twice");
                continue;
            }
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            var name = m.Groups["name"].Value;
            var family = families.Keys.Where(f => name == f || (name.StartsWith(f + "_", StringComparison.Ordinal) &&
                families[f].Type is "summary" or "histogram" && name[(f.Length + 1)..] is "sum" or "count" or "bucket")).ToList();
            Assert.True(family.Count == 1, $"sample {name} has no declared family");
            var value = m.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            families[family[0]].Samples.Add((name, m.Groups["labels"].Value, value));
        }
        return families;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*)\})? (?<value>[-+0-9.eE]+|\+Inf|NaN)$""")]
    private static partial Regex SampleLine();

    private static double Value(Dictionary<string, (string Type, List<(string Name, string Labels, double Value)> Samples)> f, string name, string? family = null) =>
        f[family ?? name].Samples.Single(s => s.Name == name).Value;

    [Fact]
    public void Geth_ServesItsOwnNamesTypesAndUnits()
    {
        var f = Render("geth", load: new SimulatedLoad(Rps: 100));

        foreach (var gauge in new[] { "chain_head_block", "chain_head_header", "chain_head_finalized", "p2p_peers", "txpool_pending", "rpc_requests", "rpc_success", "rpc_failure", "system_cpu_procload" })
        {
            Assert.Equal("gauge", f[gauge].Type);
        }
        Assert.Equal("summary", f["rpc_duration_all"].Type);
        Assert.Equal(["0.5", "0.75", "0.95", "0.99", "0.999", "0.9999"],
            f["rpc_duration_all"].Samples.Where(s => s.Labels.Length > 0).Select(s => s.Labels.Split('"')[1]));
        Assert.Contains("rpc_duration_eth_call_success", f.Keys);
        Assert.DoesNotContain("process_cpu_seconds_total", f.Keys);
        // About 100 rps for 30 s; durations in nanoseconds (a few milliseconds, so millions).
        Assert.InRange(Value(f, "rpc_requests"), 2800, 3200);
        Assert.Equal(Value(f, "rpc_requests"), Value(f, "rpc_duration_all_count", "rpc_duration_all"));
        var median = f["rpc_duration_all"].Samples.First(s => s.Labels.Contains("0.5")).Value;
        Assert.InRange(median, 1e6, 1e8);
        Assert.InRange(Value(f, "p2p_peers"), 40, 60);
        Assert.Equal(Value(f, "eth_exe_sync_current_block"), Value(f, "chain_head_block"));
    }

    [Fact]
    public void Nethermind_AndBesu_ServeEip2159Gauges()
    {
        var n = Render("nethermind");
        Assert.Equal("gauge", n["ethereum_blockchain_height"].Type);
        Assert.Equal("gauge", n["ethereum_best_known_block_number"].Type);
        Assert.Equal("gauge", n["nethermind_blocks"].Type);
        Assert.Equal("gauge", n["nethermind_sync_peers"].Type);
        Assert.Equal("counter", n["nethermind_json_rpc_requests"].Type);
        Assert.Equal("counter", n["nethermind_json_rpc_successes"].Type);
        Assert.Equal("counter", n["nethermind_json_rpc_errors"].Type);
        Assert.Equal("counter", n["process_cpu_seconds_total"].Type);

        var b = Render("besu");
        Assert.Equal("gauge", b["ethereum_peer_count"].Type);
        Assert.Contains("ethereum_blockchain_height", b.Keys);
        Assert.DoesNotContain("nethermind_blocks", b.Keys);
    }

    [Fact]
    public void Lighthouse_ServesBeaconMetrics_AndValidatorCountsOnValidatorPools()
    {
        var f = Render("lighthouse", labels: new() { ["role"] = "validator", ["validators"] = "64" });

        Assert.Equal(Value(f, "slotclock_present_slot"), Value(f, "beacon_head_slot"));
        Assert.Equal(1, Value(f, "sync_eth2_synced"));
        Assert.Contains("beacon_head_state_slot", f.Keys);
        Assert.Contains("libp2p_peers", f.Keys);
        Assert.Equal(64, Value(f, "vc_validators_enabled_count"));
        Assert.Equal(64, Value(f, "vc_validators_total_count"));
        Assert.Equal(0, Value(f, "eth_con_sync_distance"));
        Assert.DoesNotContain("vc_validators_enabled_count", Render("lighthouse").Keys);
    }

    [Fact]
    public void PrysmAndTeku_ServeTheirNames()
    {
        var prysm = Render("prysm");
        Assert.Contains(prysm["p2p_peer_count"].Samples, s => s.Labels == "state=\"Connected\"" && s.Value > 0);
        Assert.Contains("beacon_clock_time_slot", prysm.Keys);

        var teku = Render("teku");
        Assert.Contains("beacon_slot", teku.Keys);
        Assert.Contains("beacon_peer_count", teku.Keys);
        Assert.Contains("beacon_head_slot", teku.Keys);
    }

    [Fact]
    public void ExecutionClientWithConsensusPair_ServesBoth()
    {
        var f = Render("geth", consensus: new SoftwareSpec("lighthouse", "v8.0.0"));

        Assert.Contains("chain_head_block", f.Keys);
        Assert.Contains("beacon_head_slot", f.Keys);
        Assert.Contains("sync_eth2_synced", f.Keys);
    }

    [Fact]
    public void Kubo_ServesIpfsMetrics()
    {
        var f = Render("kubo", load: new SimulatedLoad(Rps: 10));

        Assert.Equal("gauge", f["ipfs_p2p_peers_total"].Type);
        Assert.All(f["ipfs_p2p_peers_total"].Samples, s => Assert.StartsWith("transport=", s.Labels));
        Assert.Equal("counter", f["ipfs_http_gw_responses_total"].Type);
        Assert.Contains(f["ipfs_http_gw_responses_total"].Samples, s => s.Labels == "code=\"200\"" && s.Value > 200);
        Assert.Equal("gauge", f["ipfs_http_gw_concurrent_requests"].Type);
        Assert.Equal("histogram", f["http_server_request_duration_seconds"].Type);
        AssertCumulativeBuckets(f["http_server_request_duration_seconds"].Samples);
        Assert.Equal("counter", f["process_cpu_seconds_total"].Type);
    }

    [Fact]
    public void Erpc_ServesGatewayMetrics()
    {
        var f = Render("erpc", load: new SimulatedLoad(Rps: 50));

        Assert.Equal("counter", f["erpc_network_request_received_total"].Type);
        Assert.Equal("histogram", f["erpc_network_request_duration_seconds"].Type);
        AssertCumulativeBuckets(f["erpc_network_request_duration_seconds"].Samples);
        Assert.Equal("gauge", f["erpc_upstream_block_head_lag"].Type);
        Assert.Equal(3, f["erpc_upstream_block_head_lag"].Samples.Count);
    }

    [Fact]
    public void UnknownSoftware_StillServesValidMetrics()
    {
        var f = Render("my-indexer");

        Assert.Contains("gitopsfleet_node_info", f.Keys);
        Assert.Contains("process_cpu_seconds_total", f.Keys);
    }

    private static void AssertCumulativeBuckets(List<(string Name, string Labels, double Value)> samples)
    {
        var buckets = samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).Select(s => s.Value).ToList();
        Assert.True(buckets.Count > 2);
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal(samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value, buckets[^1]);
    }
}
