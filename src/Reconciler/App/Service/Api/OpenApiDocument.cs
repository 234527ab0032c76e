namespace GitOpsFleet.Reconciler.Service.Api;

/// <summary>The API's OpenAPI 3.1 document, written by hand so it says what the endpoints promise (served at /openapi.json).</summary>
internal static class OpenApiDocument
{
    public const string Json = """
    {
      "openapi": "3.1.0",
      "info": { "title": "GitOpsFleet", "version": "1", "description": "Fleets, runs, policy decisions and drift pull requests of a GitOpsFleet service." },
      "components": {
        "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        "schemas": {
          "Problem": { "type": "object", "properties": { "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"} } },
          "Fleet": { "type": "object", "required": ["name", "repository", "state"], "properties": {
            "name": {"type": "string"}, "repository": {"type": "string"}, "ref": {"type": ["string", "null"]},
            "state": {"type": "string", "enum": ["pending", "running", "in-sync", "drifted", "stalled", "failing"]},
            "running": {"type": "boolean"},
            "lastRun": {"type": ["object", "null"], "properties": { "id": {"type": "integer"}, "result": {"type": "string"}, "commit": {"type": ["string", "null"]}, "commitMessage": {"type": ["string", "null"]}, "startedAt": {"type": "string", "format": "date-time"}, "summary": {"type": "string"} } },
            "problem": {"type": ["string", "null"]}, "driftItems": {"type": "integer"}, "consecutiveFailures": {"type": "integer"},
            "nextRunAt": {"type": ["string", "null"], "format": "date-time"}, "intervalSeconds": {"type": "number"}, "cron": {"type": ["string", "null"]},
            "runs": {"type": "array", "items": {"$ref": "#/components/schemas/Run"}} } },
          "Run": { "type": "object", "required": ["id", "fleet", "result"], "properties": {
            "id": {"type": "integer"}, "fleet": {"type": "string"}, "repository": {"type": "string"}, "commit": {"type": ["string", "null"]},
            "trigger": {"type": "string"}, "startedAt": {"type": "string", "format": "date-time"}, "finishedAt": {"type": ["string", "null"], "format": "date-time"},
            "durationMs": {"type": ["number", "null"]},
            "result": {"type": "string", "enum": ["running", "succeeded", "no-changes", "planned", "drift", "failed", "invalid", "unreachable", "ref-missing", "refused", "denied", "waiting-approval", "cancelled"]},
            "summary": {"type": "string"}, "document": {"type": "object", "description": "Every stage's output: stages, desired, observed, plan, decisions, results, drift, diagnostics."} } },
          "Decision": { "type": "object", "properties": { "run": {"type": "integer"}, "fleet": {"type": "string"}, "commit": {"type": ["string", "null"]}, "at": {"type": "string"}, "allowed": {"type": "boolean"}, "summary": {"type": "string"}, "deny": {"type": "array"}, "warn": {"type": "array"}, "stages": {"type": "array"} } },
          "PullRequest": { "type": "object", "properties": { "id": {"type": "integer"}, "fleet": {"type": "string"}, "forge": {"type": "string"}, "branch": {"type": "string"}, "base": {"type": "string"}, "title": {"type": "string"}, "state": {"type": "string", "enum": ["open", "closed", "merged", "resolved"]}, "fingerprint": {"type": "string"}, "head": {"type": ["string", "null"]}, "run": {"type": ["integer", "null"]}, "url": {"type": ["string", "null"]}, "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}, "body": {"type": "string"} } }
        },
        "responses": {
          "Problem": { "description": "An error, as Problem Details (RFC 9457)", "content": { "application/problem+json": { "schema": {"$ref": "#/components/schemas/Problem"} } } }
        }
      },
      "paths": {
        "/api/fleets": { "get": { "summary": "Every fleet with its last run, state and drift", "responses": { "200": { "description": "Fleets", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": {"$ref": "#/components/schemas/Fleet"} } } } } } } } } },
        "/api/fleets/{name}": { "get": { "summary": "One fleet and its recent runs", "parameters": [ { "name": "name", "in": "path", "required": true, "schema": {"type": "string"} } ], "responses": { "200": { "description": "The fleet", "content": { "application/json": { "schema": {"$ref": "#/components/schemas/Fleet"} } } }, "404": {"$ref": "#/components/responses/Problem"} } } },
        "/api/fleets/{name}/reconcile": { "post": { "summary": "Start a run now (folds into a pending one)", "security": [ { "bearer": [] } ], "parameters": [ { "name": "name", "in": "path", "required": true, "schema": {"type": "string"} } ], "responses": { "202": { "description": "Started or coalesced" }, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"} } } },
        "/api/runs": { "get": { "summary": "Runs, newest first", "parameters": [
            { "name": "fleet", "in": "query", "schema": {"type": "string"} }, { "name": "result", "in": "query", "schema": {"type": "string"} },
            { "name": "limit", "in": "query", "schema": {"type": "integer", "default": 50, "maximum": 200} }, { "name": "offset", "in": "query", "schema": {"type": "integer", "default": 0} } ],
            "responses": { "200": { "description": "A page of runs; nextOffset is null on the last page", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": {"$ref": "#/components/schemas/Run"} }, "limit": {"type": "integer"}, "offset": {"type": "integer"}, "nextOffset": {"type": ["integer", "null"]} } } } } } } } },
        "/api/runs/{id}": { "get": { "summary": "One run with every stage's output", "parameters": [ { "name": "id", "in": "path", "required": true, "schema": {"type": "integer"} } ], "responses": { "200": { "description": "The run", "content": { "application/json": { "schema": {"$ref": "#/components/schemas/Run"} } } }, "404": {"$ref": "#/components/responses/Problem"} } } },
        "/api/runs/{id}/approve": { "post": { "summary": "Approve the plan of a run waiting for approval; the fleet's next run (started now) applies it if it plans the same", "security": [ { "bearer": [] } ], "parameters": [ { "name": "id", "in": "path", "required": true, "schema": {"type": "integer"} } ], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["by"], "properties": { "by": {"type": "string"}, "reason": {"type": "string"} } } } } }, "responses": { "200": { "description": "Decision recorded" }, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"} } } },
        "/api/runs/{id}/reject": { "post": { "summary": "Reject the plan of a run waiting for approval", "security": [ { "bearer": [] } ], "parameters": [ { "name": "id", "in": "path", "required": true, "schema": {"type": "integer"} } ], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["by"], "properties": { "by": {"type": "string"}, "reason": {"type": "string"} } } } } }, "responses": { "200": { "description": "Decision recorded" }, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"} } } },
        "/api/decisions": { "get": { "summary": "Recent policy decisions", "parameters": [ { "name": "fleet", "in": "query", "schema": {"type": "string"} }, { "name": "limit", "in": "query", "schema": {"type": "integer", "default": 20} } ], "responses": { "200": { "description": "Decisions, newest first", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": {"$ref": "#/components/schemas/Decision"} } } } } } } } } },
        "/api/prs": { "get": { "summary": "Drift pull requests", "parameters": [ { "name": "fleet", "in": "query", "schema": {"type": "string"} }, { "name": "state", "in": "query", "schema": {"type": "string", "enum": ["open", "closed", "merged", "resolved", "all"]} } ], "responses": { "200": { "description": "Pull requests", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": {"$ref": "#/components/schemas/PullRequest"} } } } } } }, "400": {"$ref": "#/components/responses/Problem"} } } },
        "/hooks/github": { "post": { "summary": "GitHub push and pull_request webhook (X-Hub-Signature-256)", "responses": { "200": { "description": "Duplicate delivery (already received), nothing started" }, "202": { "description": "Accepted or ignored" }, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "408": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"} } } },
        "/hooks/gitea": { "post": { "summary": "Gitea/Forgejo push and pull_request webhook (X-Gitea-Signature)", "responses": { "200": { "description": "Duplicate delivery (already received), nothing started" }, "202": { "description": "Accepted or ignored" }, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "408": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"} } } },
        "/hooks/gitlab": { "post": { "summary": "GitLab Push Hook and Merge Request Hook (X-Gitlab-Token)", "responses": { "200": { "description": "Duplicate delivery (already received), nothing started" }, "202": { "description": "Accepted or ignored" }, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "408": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"} } } },
        "/hooks/generic": { "post": { "summary": "Generic push webhook: {fleet, ref, commit} signed like GitHub's", "responses": { "200": { "description": "Duplicate delivery (already received), nothing started" }, "202": { "description": "Accepted or ignored" }, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "408": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"} } } },
        "/healthz": { "get": { "summary": "The process is alive", "responses": { "200": { "description": "ok" } } } },
        "/readyz": { "get": { "summary": "State store and scheduler ready", "responses": { "200": { "description": "ready" }, "503": { "description": "not ready" } } } },
        "/metrics": { "get": { "summary": "Prometheus text format, gitopsfleet_ series", "responses": { "200": { "description": "metrics" } } } }
      }
    }
    """;
}
