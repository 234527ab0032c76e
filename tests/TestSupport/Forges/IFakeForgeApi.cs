using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.TestSupport.Forges;

/// <summary>One forge's dialect: its path prefix, how it reads the token, its routes and its 401 body.</summary>
public interface IFakeForgeApi
{
    string Kind { get; }
    string Prefix { get; }
    bool IsAuthorized(HttpRequest request, string token);
    FakeResponse Unauthorized(string echoed);
    FakeResponse Handle(FakeForgeServer forge, string method, string[] segments, IReadOnlyDictionary<string, string> query, JsonNode? body);
}
