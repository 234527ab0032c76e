// Replica count for Ethereum RPC pools (geth).
//
// Globals: Pool (the pool's spec), Current (replicas now), Metrics (queries over the pool's
// Prometheus, or the nodes' own /metrics), Now, Log. The result is clamped to replicas.min..max;
// a script that fails keeps the pool as it is.
//
// A new RPC node syncs for hours, so: keep a warm spare, scale out early, scale in slowly
// (one node per evaluation, only when clearly idle), never count syncing nodes as capacity,
// and hold when metrics are missing.

const double TargetRequestsPerNode = 150;  // req/s one synced geth node serves comfortably
const double ScaleOutAbove = 0.7;          // of target per synced node: add capacity early
const double ScaleInBelow = 0.4;           // of target per node: remove one node
const double MaxFailureRatio = 0.05;
const double SyncedWithinBlocks = 8;       // a node further behind the best head is still syncing

// geth writes rpc_requests and rpc_failure as gauges, but they only ever grow: rate() applies.
var requests = Metrics.Query("sum(rate(rpc_requests[5m]))");
if (requests is null)
{
    Log.Warn($"no rpc_requests samples for {Pool.Name} yet; keeping {Current} replicas");
    return Current;
}

double failures = 0;
try
{
    failures = Metrics.Query("sum(rate(rpc_failure[5m]))") ?? 0;
}
catch (MetricsQueryException e)
{
    Log.Warn($"failure rate unavailable: {e.Message}");
}

var heads = Metrics.QueryAll("chain_head_block");
var best = heads.Count == 0 ? 0 : heads.Max(h => h.Value);
var synced = heads.Count(h => best - h.Value <= SyncedWithinBlocks);
var capacity = Math.Max(1, synced);
var syncing = Math.Max(0, Current - synced);

var perSyncedNode = requests.Value / capacity;
var failureRatio = requests.Value > 0 ? failures / requests.Value : 0;

// Nodes needed at the target load, plus one warm spare so a node can fail or restart without overload.
var needed = (int)Math.Ceiling(requests.Value / TargetRequestsPerNode) + 1;
var wanted = Current;

if (perSyncedNode > TargetRequestsPerNode * ScaleOutAbove || failureRatio > MaxFailureRatio)
{
    // Scale out early; nodes still syncing are already on their way, so count them once.
    wanted = Math.Max(needed, synced + 1) + syncing;
}
else if (syncing == 0 && needed < Current && requests.Value / Current < TargetRequestsPerNode * ScaleInBelow)
{
    wanted = Current - 1;
}

Log.Info($"{Pool.Name}: {requests.Value:F1} req/s, {synced}/{Current} synced ({perSyncedNode:F1}/synced node), failures {failureRatio:P1} -> {wanted}");
return wanted;
