// Replica count for Ethereum RPC pools (eth-rpc, eth-rpc-azure-westeu).
//
// Globals: Pool (the pool's spec), Current (replicas now), Metrics (queries over the
// pool's metrics), Now, Log. The result is clamped to spec.replicas.min..max.
//
// A new RPC node syncs for hours, so: scale out early, scale in slowly (one node at a
// time, only when load is well below target), and hold when metrics are missing.

const double TargetRequestsPerNode = 150;   // req/s one geth node serves comfortably
const double ScaleInBelow = 0.5;            // of target, before a node is removed
const double MaxFailureRatio = 0.05;

var requestsPerSecond = Metrics.Query("sum(rate(rpc_requests[5m]))");
var failuresPerSecond = Metrics.Query("sum(rate(rpc_failure[5m]))");

if (double.IsNaN(requestsPerSecond))
{
    Log($"no rpc_requests samples for {Pool.Name}; keeping {Current} replicas");
    return Current;
}

var perNode = requestsPerSecond / Math.Max(1, Current);
var failureRatio = requestsPerSecond > 0 && !double.IsNaN(failuresPerSecond)
    ? failuresPerSecond / requestsPerSecond
    : 0;

var wanted = (int)Math.Ceiling(requestsPerSecond / TargetRequestsPerNode);

if (failureRatio > MaxFailureRatio)
{
    // Failing requests usually mean overloaded or unsynced nodes: add one more than the rate asks for.
    wanted = Math.Max(wanted, Current + 1);
}
else if (wanted < Current)
{
    // Scale in one node per evaluation, and only when clearly idle.
    wanted = perNode < TargetRequestsPerNode * ScaleInBelow ? Current - 1 : Current;
}

Log($"{Pool.Name}: {requestsPerSecond:F1} req/s over {Current} nodes ({perNode:F1}/node), failures {failureRatio:P1} -> {wanted}");
return wanted;
