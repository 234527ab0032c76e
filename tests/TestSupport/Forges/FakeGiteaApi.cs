using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.TestSupport.Forges;

/// <summary>Gitea/Forgejo REST v1: pulls (409 for a twin), issue comments, repository labels by id.</summary>
public sealed class FakeGiteaApi : IFakeForgeApi
{
    public string Kind => "gitea";
    public string Prefix => "api/v1/";

    public bool IsAuthorized(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        return header == "token " + token || header == "Bearer " + token;
    }

    public FakeResponse Unauthorized(string echoed) => new(401, new JsonObject { ["message"] = "user does not exist [" + echoed + "]", ["url"] = "https://gitea.example/api/swagger" });

    public FakeResponse Handle(FakeForgeServer forge, string method, string[] s, IReadOnlyDictionary<string, string> query, JsonNode? body)
    {
        if (s.Length < 4 || s[0] != "repos" || $"{s[1]}/{s[2]}" != forge.Repository) return FakeForgeServer.NotFound();
        switch (method, s.Length, s[3])
        {
            case ("GET", 4, "pulls"):
                var state = query.GetValueOrDefault("state", "open");
                var limit = int.Parse(query.GetValueOrDefault("limit", "30"), CultureInfo.InvariantCulture);
                var page = int.Parse(query.GetValueOrDefault("page", "1"), CultureInfo.InvariantCulture);
                var list = forge.PullRequests.Where(p => state == "all" || (state == "open" ? p.State == "open" : p.State != "open"))
                    .OrderByDescending(p => p.Number).Skip((page - 1) * limit).Take(limit);
                return new(200, new JsonArray(list.Select(p => (JsonNode)Json(forge, p)).ToArray()));
            case ("POST", 4, "pulls"):
                var h = body!["head"]!.GetValue<string>();
                var b = body["base"]!.GetValue<string>();
                if (forge.PullRequests.FirstOrDefault(p => p.State == "open" && p.Head == h && p.Base == b) is { } twin)
                {
                    return new(409, new JsonObject { ["message"] = $"pull request already exists for these targets [id: {twin.Number}, issue_id: {twin.Number}, head_repo_id: 1, base_repo_id: 1, head_branch: {h}, base_branch: {b}]", ["url"] = "https://gitea.example/api/swagger" });
                }
                return new(201, Json(forge, forge.NewPullRequest(h, b, body["title"]!.GetValue<string>(), body["body"]?.GetValue<string>() ?? "")));
            case (_, 5, "pulls") when Find(forge, s[4]) is { } pr:
                if (method == "GET") return new(200, Json(forge, pr));
                if (method != "PATCH") return new(405, null);
                if (body!["title"] is { } title) pr.Title = title.GetValue<string>();
                if (body["body"] is { } text) pr.Body = text.GetValue<string>();
                if (body["state"] is { } st) pr.State = st.GetValue<string>();
                pr.Updates++;
                return new(201, Json(forge, pr));
            case ("POST", 6, "issues") when Find(forge, s[4]) is { } issue && s[5] == "comments":
                var added = issue.AddComment(forge.TokenUser, body!["body"]!.GetValue<string>());
                return new(201, Comment(issue.CommentList().ElementAt(added - 1)));
            case ("GET", 6, "issues") when Find(forge, s[4]) is { } commented && s[5] == "comments":
                var all = commented.CommentList();
                if (query.TryGetValue("limit", out var size) || query.TryGetValue("per_page", out size))
                {
                    var n = int.Parse(size, CultureInfo.InvariantCulture);
                    all = all.Skip((int.Parse(query.GetValueOrDefault("page", "1"), CultureInfo.InvariantCulture) - 1) * n).Take(n);
                }
                return new(200, new JsonArray(all.Select(c => (JsonNode)Comment(c)).ToArray()));
            case ("GET", 4, "labels"):
                var lp = int.Parse(query.GetValueOrDefault("page", "1"), CultureInfo.InvariantCulture);
                var ll = int.Parse(query.GetValueOrDefault("limit", "30"), CultureInfo.InvariantCulture);
                return new(200, new JsonArray(forge.Labels.Skip((lp - 1) * ll).Take(ll).Select(l => (JsonNode)new JsonObject { ["id"] = l.Value, ["name"] = l.Key }).ToArray()));
            case ("POST", 4, "labels"):
                var name = body!["name"]!.GetValue<string>();
                if (body["color"] is null) return new(422, new JsonObject { ["message"] = "[Color]: Required" });
                if (forge.Labels.ContainsKey(name)) return new(409, new JsonObject { ["message"] = "label exists" });
                forge.Labels[name] = 100 + forge.Labels.Count;
                return new(201, new JsonObject { ["id"] = forge.Labels[name], ["name"] = name, ["color"] = body["color"]!.GetValue<string>() });
            case ("POST", 6, "issues") when Find(forge, s[4]) is { } labelled && s[5] == "labels":
                foreach (var id in body!["labels"]!.AsArray().Select(n => n!.GetValue<long>()))
                {
                    // Gitea attaches by id; an unknown id is a 422 (older) or ignored. Refuse it so a client sending names fails here.
                    var label = forge.Labels.FirstOrDefault(l => l.Value == id);
                    if (label.Key is null) return new(422, new JsonObject { ["message"] = $"label {id} does not exist" });
                    if (!labelled.Labels.Contains(label.Key)) labelled.Labels.Add(label.Key);
                }
                return new(200, new JsonArray(labelled.Labels.Select(l => (JsonNode)new JsonObject { ["id"] = forge.Labels[l], ["name"] = l }).ToArray()));
            default:
                return FakeForgeServer.NotFound();
        }
    }

    private static JsonObject Comment((int Id, string Author, string Body, string CreatedAt) c) => new()
    {
        ["id"] = c.Id,
        ["body"] = c.Body,
        ["user"] = new JsonObject { ["login"] = c.Author, ["id"] = 7000 + c.Author.Length },
        ["created_at"] = c.CreatedAt,
        ["updated_at"] = c.CreatedAt,
    };

    private static FakePullRequest? Find(FakeForgeServer forge, string number) => forge.PullRequests.FirstOrDefault(p => p.Number.ToString(CultureInfo.InvariantCulture) == number);

    private static JsonObject Json(FakeForgeServer forge, FakePullRequest p) => new()
    {
        ["id"] = 5000 + p.Number,
        ["number"] = p.Number,
        ["state"] = p.State,
        ["title"] = p.Title,
        ["body"] = p.Body,
        ["html_url"] = $"{forge.BaseAddress}{forge.Repository}/pulls/{p.Number}",
        ["merged"] = p.Merged,
        ["merged_at"] = p.Merged ? "2025-01-02T03:04:05Z" : null,
        ["closed_at"] = p.State == "closed" ? "2025-01-02T03:04:05Z" : null,
        ["head"] = new JsonObject { ["ref"] = p.Head, ["label"] = p.Head, ["sha"] = "0123456789abcdef0123456789abcdef01234567", ["repo"] = new JsonObject { ["full_name"] = forge.Repository } },
        ["base"] = new JsonObject { ["ref"] = p.Base, ["label"] = p.Base, ["repo"] = new JsonObject { ["full_name"] = forge.Repository } },
    };
}
