using GitOpsFleet.Model;

namespace GitOpsFleet.Providers;

/// <summary>
/// One node Git asks for. <see cref="Capacity"/> is 1 for a machine; a provider whose unit is a
/// group (a scale set) lays a pool out as one node with the pool's replica count as capacity.
/// </summary>
public sealed record DesiredNode(
    string Fleet,
    string Pool,
    string Name,
    string Provider,
    SoftwareSpec Software,
    MachineSpec Machine,
    IReadOnlyDictionary<string, string> Labels,
    int Capacity = 1)
{
    public static IReadOnlyList<DesiredNode> Numbered(string fleet, PoolSpec pool, int replicas)
    {
        var nodes = new DesiredNode[Math.Max(0, replicas)];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new DesiredNode(fleet, pool.Name, $"{pool.Name}-{i}", pool.Provider, pool.Software, pool.Machine, pool.Labels);
        }
        return nodes;
    }
}
