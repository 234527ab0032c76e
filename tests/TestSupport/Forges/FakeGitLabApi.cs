using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.TestSupport.Forges;

/// <summary>GitLab REST v4 merge requests: the project is an id or a URL-encoded path; 409 for a twin; labels by name.</summary>
public sealed class FakeGitLabApi : IFakeForgeApi
{
    public const long ProjectId = 42;

    public string Kind => "gitlab";
    public string Prefix => "api/v4/";

    public bool IsAuthorized(HttpRequest request, string token) =>
        request.Headers["PRIVATE-TOKEN"].ToString() == token || request.Headers.Authorization.ToString() == "Bearer " + token;

    public FakeResponse Unauthorized(string echoed) => new(401, new JsonObject { ["message"] = "401 Unauthorized " + echoed });

    public FakeResponse Handle(FakeForgeServer forge, string method, string[] s, IReadOnlyDictionary<string, string> query, JsonNode? body)
    {
        // The client sends group%2Fproject; after unescaping, the path is one segment with slashes inside.
        if (s.Length < 3 || s[0] != "projects" || (s[1] != forge.Repository && s[1] != ProjectId.ToString(CultureInfo.InvariantCulture)) || s[2] != "merge_requests")
        {
            return new(404, new JsonObject { ["message"] = "404 Project Not Found" });
        }
        switch (method, s.Length)
        {
            case ("GET", 3):
                var state = query.GetValueOrDefault("state", "all");
                var source = query.GetValueOrDefault("source_branch");
                var list = forge.PullRequests.Where(p => state == "all" || State(p) == state).Where(p => source is null || p.Head == source);
                return new(200, new JsonArray(list.Select(p => (JsonNode)Json(forge, p)).ToArray()));
            case ("POST", 3):
                var h = body!["source_branch"]!.GetValue<string>();
                if (forge.PullRequests.FirstOrDefault(p => p.State == "open" && p.Head == h) is { } twin)
                {
                    return new(409, new JsonObject { ["message"] = new JsonArray($"Another open merge request already exists for this source branch: !{twin.Number}") });
                }
                var created = forge.NewPullRequest(h, body["target_branch"]!.GetValue<string>(), body["title"]!.GetValue<string>(), body["description"]?.GetValue<string>() ?? "");
                return new(201, Json(forge, created));
            case (_, 4) when Find(forge, s[3]) is { } mr:
                if (method == "GET") return new(200, Json(forge, mr));
                if (method != "PUT") return new(405, null);
                if (body!["title"] is { } title) mr.Title = title.GetValue<string>();
                if (body["description"] is { } text) mr.Body = text.GetValue<string>();
                if (body["state_event"]?.GetValue<string>() == "close") mr.State = "closed";
                foreach (var label in (body["add_labels"]?.GetValue<string>() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!mr.Labels.Contains(label)) mr.Labels.Add(label);
                }
                mr.Updates++;
                return new(200, Json(forge, mr));
            case ("POST", 5) when Find(forge, s[3]) is { } noted && s[4] == "notes":
                noted.Comments.Add(body!["body"]!.GetValue<string>());
                return new(201, new JsonObject { ["id"] = noted.Comments.Count, ["body"] = noted.Comments[^1] });
            default:
                return new(404, new JsonObject { ["message"] = "404 Not found" });
        }
    }

    private static string State(FakePullRequest p) => p.Merged ? "merged" : p.State == "open" ? "opened" : "closed";

    private static FakePullRequest? Find(FakeForgeServer forge, string iid) => forge.PullRequests.FirstOrDefault(p => p.Number.ToString(CultureInfo.InvariantCulture) == iid);

    private static JsonObject Json(FakeForgeServer forge, FakePullRequest p) => new()
    {
        ["id"] = 9000 + p.Number,
        ["iid"] = p.Number,
        ["project_id"] = ProjectId,
        ["source_project_id"] = ProjectId,
        ["target_project_id"] = ProjectId,
        ["state"] = State(p),
        ["title"] = p.Title,
        ["description"] = p.Body,
        ["source_branch"] = p.Head,
        ["target_branch"] = p.Base,
        ["sha"] = "0123456789abcdef0123456789abcdef01234567",
        ["web_url"] = $"{forge.BaseAddress}{forge.Repository}/-/merge_requests/{p.Number}",
        ["merged_at"] = p.Merged ? "2025-01-02T03:04:05.000Z" : null,
        ["closed_at"] = p.State == "closed" && !p.Merged ? "2025-01-02T03:04:05.000Z" : null,
        ["labels"] = new JsonArray(p.Labels.Select(l => (JsonNode)l).ToArray()),
    };
}
