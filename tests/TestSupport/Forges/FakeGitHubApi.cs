using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.TestSupport.Forges;

/// <summary>GitHub REST (2022-11-28) under the Enterprise Server prefix /api/v3: pulls, issue comments and labels.</summary>
public sealed class FakeGitHubApi : IFakeForgeApi
{
    public string Kind => "github";
    public string Prefix => "api/v3/";

    public bool IsAuthorized(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        return header == "token " + token || header == "Token " + token || header == "Bearer " + token;
    }

    public FakeResponse Unauthorized(string echoed) =>
        new(401, new JsonObject { ["message"] = "Bad credentials (" + echoed + ")", ["documentation_url"] = "https://docs.github.com/rest" });

    public FakeResponse Handle(FakeForgeServer forge, string method, string[] s, IReadOnlyDictionary<string, string> query, JsonNode? body)
    {
        if (s.Length < 4 || s[0] != "repos" || $"{s[1]}/{s[2]}" != forge.Repository) return FakeForgeServer.NotFound();
        var owner = s[1];
        switch (method, s.Length, s[3])
        {
            case ("GET", 4, "pulls"):
                var state = query.GetValueOrDefault("state", "open");
                var head = query.GetValueOrDefault("head");
                var list = forge.PullRequests
                    .Where(p => state == "all" || (state == "open" ? p.State == "open" : p.State != "open"))
                    .Where(p => head is null || $"{owner}:{p.Head}" == head);
                return new(200, new JsonArray(list.Select(p => (JsonNode)Json(forge, p)).ToArray()));
            case ("POST", 4, "pulls"):
                var h = body!["head"]!.GetValue<string>();
                var b = body["base"]!.GetValue<string>();
                if (forge.PullRequests.Any(p => p.State == "open" && p.Head == h && p.Base == b))
                {
                    return new(422, new JsonObject
                    {
                        ["message"] = "Validation Failed",
                        ["errors"] = new JsonArray(new JsonObject { ["resource"] = "PullRequest", ["code"] = "custom", ["message"] = $"A pull request already exists for {owner}:{h}." }),
                        ["documentation_url"] = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                    });
                }
                var created = forge.NewPullRequest(h, b, body["title"]!.GetValue<string>(), body["body"]?.GetValue<string>() ?? "");
                return new(201, Json(forge, created));
            case (_, 5, "pulls") when Find(forge, s[4]) is { } pr:
                if (method == "GET") return new(200, Json(forge, pr));
                if (method != "PATCH") return new(405, null);
                if (body!["title"] is { } title) pr.Title = title.GetValue<string>();
                if (body["body"] is { } text) pr.Body = text.GetValue<string>();
                if (body["state"] is { } st) pr.State = st.GetValue<string>();
                pr.Updates++;
                return new(200, Json(forge, pr));
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
            case ("POST", 6, "issues") when Find(forge, s[4]) is { } labelled && s[5] == "labels":
                var names = (body as JsonArray ?? body!["labels"] as JsonArray)!.Select(n => n!.GetValue<string>());
                foreach (var name in names.Where(n => !labelled.Labels.Contains(n))) labelled.Labels.Add(name);
                return new(200, new JsonArray(labelled.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray()));
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

    private static FakePullRequest? Find(FakeForgeServer forge, string number) => forge.PullRequests.FirstOrDefault(p => p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == number);

    private static JsonObject Json(FakeForgeServer forge, FakePullRequest p) => new()
    {
        ["id"] = 1000 + p.Number,
        ["number"] = p.Number,
        ["state"] = p.State,
        ["title"] = p.Title,
        ["body"] = p.Body,
        ["html_url"] = $"{forge.BaseAddress}{forge.Repository}/pull/{p.Number}",
        ["url"] = $"{forge.ApiBase}repos/{forge.Repository}/pulls/{p.Number}",
        ["merged"] = p.Merged,
        ["merged_at"] = p.Merged ? "2025-01-02T03:04:05Z" : null,
        ["closed_at"] = p.State == "closed" ? "2025-01-02T03:04:05Z" : null,
        ["created_at"] = "2025-01-01T00:00:00Z",
        ["updated_at"] = "2025-01-01T00:00:00Z",
        ["head"] = new JsonObject { ["ref"] = p.Head, ["sha"] = "0123456789abcdef0123456789abcdef01234567", ["label"] = forge.Repository.Split('/')[0] + ":" + p.Head, ["repo"] = new JsonObject { ["id"] = 1, ["name"] = forge.Repository.Split('/')[1], ["full_name"] = forge.Repository } },
        ["base"] = new JsonObject { ["ref"] = p.Base, ["sha"] = "89abcdef0123456789abcdef0123456789abcdef", ["label"] = forge.Repository.Split('/')[0] + ":" + p.Base },
        ["labels"] = new JsonArray(p.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray()),
    };
}
