using GitOpsFleet.Reconciler.Service.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GitOpsFleet.Reconciler.Tests.Service.Metrics;

/// <summary>
/// A gauge series that a run no longer reports (a pool's nodes all moved from "running" to "dead", a fleet's last result
/// changed) must leave /metrics, not stay at its last value: OpenTelemetry exports an observable instrument's series only
/// when its callback reported it in that collection.
/// </summary>
public sealed class GaugeSeriesTests
{
    [Fact]
    public void ReplacedSeries_LeaveTheExport_AndOtherFleetsSeriesStay()
    {
        using var metrics = new ServiceMetrics();
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ServiceMetrics.MeterName)
            .AddView(i => i.Meter.Name == ServiceMetrics.MeterName && !ReferenceEquals(i.Meter, metrics.Meter) ? MetricStreamConfiguration.Drop : null)
            .AddInMemoryExporter(exported)
            .Build();

        metrics.Nodes.ReplaceFor("alpha", [(3, ["alpha", "rpc", "running"])]);
        metrics.Nodes.ReplaceFor("beta", [(1, ["beta", "rpc", "running"])]);
        Assert.Equal(["alpha/rpc/running=3", "beta/rpc/running=1"], Collect(provider, exported));

        metrics.Nodes.ReplaceFor("alpha", [(2, ["alpha", "rpc", "running"]), (1, ["alpha", "rpc", "dead"])]);
        Assert.Equal(["alpha/rpc/dead=1", "alpha/rpc/running=2", "beta/rpc/running=1"], Collect(provider, exported));

        metrics.Nodes.ReplaceFor("alpha", [(3, ["alpha", "rpc", "dead"])]);
        Assert.Equal(["alpha/rpc/dead=3", "beta/rpc/running=1"], Collect(provider, exported));
    }

    [Fact]
    public void ReplaceFor_RemovesSeriesSetOneByOne_AndSeriesAddedAfterAReplace()
    {
        using var metrics = new ServiceMetrics();
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ServiceMetrics.MeterName)
            .AddView(i => i.Meter.Name == ServiceMetrics.MeterName && !ReferenceEquals(i.Meter, metrics.Meter) ? MetricStreamConfiguration.Drop : null)
            .AddInMemoryExporter(exported)
            .Build();

        metrics.Nodes.Set(2, "alpha", "rpc", "running");
        metrics.Nodes.Add(1, "alpha", "web", "running");
        metrics.Nodes.Set(4, "beta", "rpc", "running");
        metrics.Nodes.ReplaceFor("alpha", [(1, ["alpha", "rpc", "dead"])]);
        Assert.Equal(["alpha/rpc/dead=1", "beta/rpc/running=4"], Collect(provider, exported));

        metrics.Nodes.Add(5, "alpha", "web", "running");
        metrics.Nodes.ReplaceFor("alpha", []);
        Assert.Equal(["beta/rpc/running=4"], Collect(provider, exported));
    }

    private static List<string> Collect(MeterProvider provider, List<Metric> exported)
    {
        exported.Clear();
        provider.ForceFlush();
        var series = new List<string>();
        foreach (var metric in exported.Where(m => m.Name == "gitopsfleet_nodes"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var labels = new Dictionary<string, string>();
                foreach (var tag in point.Tags) labels[tag.Key] = tag.Value?.ToString() ?? "";
                series.Add($"{labels["fleet"]}/{labels["pool"]}/{labels["state"]}={point.GetGaugeLastValueDouble()}");
            }
        }
        series.Sort(StringComparer.Ordinal);
        return series;
    }
}
