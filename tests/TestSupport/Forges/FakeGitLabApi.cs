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
                var added = noted.AddComment(forge.TokenUser, body!["body"]!.GetValue<string>());
                return new(201, Note(noted.CommentList().ElementAt(added - 1), system: false));
            case ("GET", 5) when Find(forge, s[3]) is { } listed && s[4] == "notes":
                // GitLab lists its own system notes (a label added) among people's; the client must leave them out.
                var notes = listed.CommentList().Select(c => Note(c, system: false)).Prepend(Note((0, forge.TokenUser, "added ~drift label", "2024-12-31T00:00:00.000Z"), system: true));
                var perPage = int.Parse(query.GetValueOrDefault("per_page", "20"), CultureInfo.InvariantCulture);
                var page = int.Parse(query.GetValueOrDefault("page", "1"), CultureInfo.InvariantCulture);
                return new(200, new JsonArray(notes.Skip((page - 1) * perPage).Take(perPage).Select(n => (JsonNode)n).ToArray()));
            default:
                return new(404, new JsonObject { ["message"] = "404 Not found" });
        }
    }

    private static JsonObject Note((int Id, string Author, string Body, string CreatedAt) c, bool system) => new()
    {
        ["id"] = 30000 + c.Id,
        ["body"] = c.Body,
        ["author"] = new JsonObject { ["username"] = c.Author, ["id"] = 7000 + c.Author.Length },
        ["created_at"] = c.CreatedAt,
        ["system"] = system,
        ["noteable_type"] = "MergeRequest",
    };

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
