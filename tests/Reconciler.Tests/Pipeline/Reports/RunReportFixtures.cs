namespace GitOpsFleet.Reconciler.Tests.Pipeline.Reports;

/// <summary>
/// Run documents as the untyped pipeline stored them. <see cref="RepairRun"/> and <see cref="BrokenCommitRun"/>
/// are the `runs show --json` output of real runs (a killed node replaced with a policy warning, then a commit that does
/// not load), with the repository and fleet renamed. <see cref="LegacyRun"/> has the shape of records
/// written before typed steps, per-stage policy results and the drift count, and of an interrupted run.
/// </summary>
internal static class RunReportFixtures
{
    public const string RepairRun = """
        {
          "mode": "reconcile",
          "repository": "https://git.example.com/ops/shop-fleet.git",
          "ref": "main",
          "commit": "ba54e6b62409c4aab201a8c0a2ee6570d00fb8c8",
          "commitMessage": "two pools",
          "diagnostics": [],
          "fleetPath": "",
          "observed": [
            {
              "provider": "local",
              "pool": "ipfs",
              "name": "ipfs-0",
              "state": "running",
              "managed": true,
              "software": "kubo",
              "version": "0.38.2",
              "size": "local-small",
              "capacity": 1,
              "address": "http://127.0.0.1:35039",
              "id": "4471",
              "since": "2026-12-07T17:39:50.5499999\u002B00:00",
              "providerDrift": null
            },
            {
              "provider": "local",
              "pool": "rpc",
              "name": "rpc-0",
              "state": "running",
              "managed": true,
              "software": "geth",
              "version": "1.16.7",
              "size": "local-small",
              "capacity": 1,
              "address": "http://127.0.0.1:41353",
              "id": "4477",
              "since": "2026-12-07T17:39:50.6299999\u002B00:00",
              "providerDrift": null
            },
            {
              "provider": "local",
              "pool": "rpc",
              "name": "rpc-1",
              "state": "dead",
              "managed": true,
              "software": "geth",
              "version": "1.16.7",
              "size": "local-small",
              "capacity": 1,
              "address": null,
              "id": null,
              "since": null,
              "providerDrift": null
            }
          ],
          "unavailableProviders": {
            "azure": "azure: fleet shop has no azure settings: add azure: {subscription: ..., resourceGroup: ...} to fleet.yaml"
          },
          "desired": {
            "fleet": "shop",
            "commit": "ba54e6b62409c4aab201a8c0a2ee6570d00fb8c8",
            "pools": [
              {
                "name": "ipfs",
                "provider": "local",
                "software": "kubo",
                "version": "0.38.2",
                "size": "local-small",
                "replicas": 1,
                "min": 1,
                "max": 3,
                "replicaSource": "replicas.min",
                "file": "pools/ipfs.yaml"
              },
              {
                "name": "rpc",
                "provider": "local",
                "software": "geth",
                "version": "1.16.7",
                "size": "local-small",
                "replicas": 2,
                "min": 2,
                "max": 4,
                "replicaSource": "replicas.min",
                "file": "pools/rpc.yaml"
              }
            ]
          },
          "scaling": [],
          "plan": {
            "summary": "0 to create, 0 to update, 1 to replace, 0 to delete",
            "refusal": null,
            "hold": null,
            "actions": [
              {
                "kind": "replace",
                "pool": "rpc",
                "node": "rpc-1",
                "provider": "local",
                "reason": "node died; replacing it (a failure, not a change of intent)",
                "version": "1.16.7"
              }
            ],
            "notes": [],
            "drift": [
              {
                "kind": "missing",
                "pool": "rpc",
                "node": "rpc-1",
                "field": "state",
                "expected": "running",
                "observed": "gone",
                "message": "node rpc-1 is gone (died or was killed)"
              }
            ]
          },
          "decisions": {
            "allowed": true,
            "summary": "allowed with 2 warning(s)",
            "deny": [],
            "warn": [
              "admission: data.fleet.admission is undefined (no policy package for this stage)",
              "plan: pool rpc: rpc runs without a load balancer [low]"
            ],
            "stages": [
              {
                "id": "46d44e70acdd480fa9370b6bf3f8d3de",
                "stage": "admission",
                "revision": "ba54e6b62409c4aab201a8c0a2ee6570d00fb8c8",
                "inputHash": "sha256:6b5c920422635a8b0a6c82c3faff63c5a6c7253109791c21803274135bae2bf6",
                "result": "allow",
                "deny": [],
                "warn": [
                  "admission: data.fleet.admission is undefined (no policy package for this stage)"
                ],
                "durationMs": 16.946,
                "at": "2026-12-07T17:40:39.7428291\u002B00:00"
              },
              {
                "id": "ad2127e8bff3478ea4c5f513323a7317",
                "stage": "plan",
                "revision": "ba54e6b62409c4aab201a8c0a2ee6570d00fb8c8",
                "inputHash": "sha256:85892050b46abcce917a98865d148ddc27057c868a5259e6882cc8a24098dcb9",
                "result": "allow",
                "deny": [],
                "warn": [
                  "plan: pool rpc: rpc runs without a load balancer [low]"
                ],
                "durationMs": 33.437,
                "at": "2026-12-07T17:40:39.7778546\u002B00:00"
              }
            ]
          },
          "results": [
            {
              "action": {
                "kind": "replace",
                "pool": "rpc",
                "node": "rpc-1",
                "provider": "local",
                "reason": "node died; replacing it (a failure, not a change of intent)",
                "version": "1.16.7"
              },
              "outcome": "succeeded",
              "message": "started node rpc-1 (geth 1.16.7) as pid 5295 on 127.0.0.1:43791 in 459 ms",
              "durationMs": 459.2,
              "details": []
            }
          ],
          "drift": {
            "fleet": "shop",
            "commit": "ba54e6b62409c4aab201a8c0a2ee6570d00fb8c8",
            "run": 2,
            "observedAt": "2026-12-07T17:40:40.2947045\u002B00:00",
            "fingerprint": "7bf8ade518d17945",
            "outstanding": 0,
            "items": [
              {
                "kind": "missing",
                "pool": "rpc",
                "node": "rpc-1",
                "field": "state",
                "expected": "running",
                "observed": "gone",
                "message": "node rpc-1 is gone (died or was killed); replaced by run 2",
                "since": null,
                "repaired": true
              }
            ]
          },
          "pullRequest": {
            "id": 1,
            "fleet": "shop",
            "forge": "local",
            "branch": "gitopsfleet/drift/shop",
            "base": "main",
            "title": "Drift in fleet shop: 1 missing (1 replaced)",
            "state": "open",
            "fingerprint": "7bf8ade518d17945",
            "head": "5770ed78cc373b903961d8c6d0fa2f386bc2fae2",
            "run": 2,
            "url": null,
            "createdAt": "2026-12-07T17:40:40.4012910Z",
            "updatedAt": "2026-12-07T17:40:40.4012910Z"
          },
          "steps": [
            {
              "name": "fetch",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 139.3,
              "message": "main at ba54e6b62409 \u0022two pools\u0022"
            },
            {
              "name": "load",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 76,
              "message": "fleet shop: 2 pool(s)"
            },
            {
              "name": "observe",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 283.4,
              "message": "3 node(s) observed"
            },
            {
              "name": "desired",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 11.1,
              "message": "ipfs=1, rpc=2"
            },
            {
              "name": "plan",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 18.1,
              "message": "0 to create, 0 to update, 1 to replace, 0 to delete"
            },
            {
              "name": "policy",
              "outcome": "continue",
              "status": "allow",
              "durationMs": 126.6,
              "message": "allowed with 2 warning(s)"
            },
            {
              "name": "apply",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 514.7,
              "message": "1 succeeded, 0 failed"
            },
            {
              "name": "drift-report",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 8.1,
              "message": "1 drift item(s) outstanding, fingerprint 7bf8ade518d17945"
            },
            {
              "name": "drift-pull-request",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 106.5,
              "message": "pull request #1 opened on branch gitopsfleet/drift/shop"
            }
          ],
          "result": "succeeded",
          "error": null
        }
        """;

    public const string BrokenCommitRun = """
        {
          "mode": "reconcile",
          "repository": "https://git.example.com/ops/shop-fleet.git",
          "ref": "main",
          "commit": "5ea4ec019af0a10f742043037a8e94707902cba1",
          "commitMessage": "broken",
          "diagnostics": [
            "pools/rpc.yaml:7:3: error FLEET004: missing required field \u0027software\u0027 in spec",
            "pools/rpc.yaml:9:3: error FLEET002: unknown field \u0027sofware\u0027 in spec; did you mean \u0027software\u0027?"
          ],
          "steps": [
            {
              "name": "fetch",
              "outcome": "continue",
              "status": "ok",
              "durationMs": 390.7,
              "message": "main at 5ea4ec019af0 \u0022broken\u0022"
            },
            {
              "name": "load",
              "outcome": "stalled",
              "status": "failed",
              "durationMs": 222.4,
              "message": "the fleet at 5ea4ec019af0 does not load (2 problem(s)); nothing was applied",
              "result": "invalid"
            },
            {
              "name": "observe",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            },
            {
              "name": "desired",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            },
            {
              "name": "plan",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            },
            {
              "name": "policy",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            },
            {
              "name": "apply",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            },
            {
              "name": "drift-report",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            },
            {
              "name": "drift-pull-request",
              "outcome": "skipped",
              "status": "skipped",
              "durationMs": 0,
              "message": ""
            }
          ],
          "result": "invalid",
          "error": "the fleet at 5ea4ec019af0 does not load (2 problem(s)); nothing was applied"
        }
        """;

    public const string LegacyRun = """
        {
          "mode": "reconcile",
          "repository": "https://git.example.com/ops/shop-fleet.git",
          "commit": "0f3c2a9d41b7e6c5a8d9e0f1a2b3c4d5e6f7a8b9",
          "stages": [
            { "name": "fetch", "status": "ok", "durationMs": 12.5, "message": "main at 0f3c2a9d41b7" },
            { "name": "plan", "status": "ok", "durationMs": 3, "message": "1 to create" }
          ],
          "decisions": {
            "allowed": false,
            "summary": "denied: admission: no ipfs pool is approved",
            "deny": ["admission: no ipfs pool is approved"],
            "warn": [],
            "stages": [ { "name": "admission", "allowed": false, "revision": "0f3c2a9d41b7e6c5a8d9e0f1a2b3c4d5e6f7a8b9" } ]
          },
          "drift": {
            "fleet": "shop",
            "commit": "0f3c2a9d41b7e6c5a8d9e0f1a2b3c4d5e6f7a8b9",
            "run": 3,
            "observedAt": "2026-05-02T08:15:00.0000000+00:00",
            "fingerprint": "1a2b3c4d5e6f7a8b",
            "items": [
              { "kind": "missing", "pool": "rpc", "node": "rpc-1", "field": "state", "expected": "running", "observed": "gone", "message": "node rpc-1 is gone" },
              { "kind": "unknown", "pool": "rpc", "node": "rpc-9", "field": "node", "expected": null, "observed": "running", "message": "node rpc-9 is not in Git", "since": "2026-05-01T22:00:00.0000000+00:00" }
            ]
          },
          "interrupted": { "at": "2026-05-02T08:16:00.0000000+00:00", "owner": null, "applied": ["rpc-1"] },
          "result": "interrupted",
          "error": "the process that ran it is unknown and gone"
        }
        """;

    public static string Named(string name) => name switch
    {
        nameof(RepairRun) => RepairRun,
        nameof(BrokenCommitRun) => BrokenCommitRun,
        nameof(LegacyRun) => LegacyRun,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
