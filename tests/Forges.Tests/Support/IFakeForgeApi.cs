using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.Forges.Tests.Support;

/// <summary>One forge's dialect: its path prefix, how it reads the token, its routes and its 401 body.</summary>
internal interface IFakeForgeApi
{
    string Kind { get; }
    string Prefix { get; }
    bool IsAuthorized(HttpRequest request, string token);
    FakeResponse Unauthorized(string echoed);
    FakeResponse Handle(FakeForgeServer forge, string method, string[] segments, IReadOnlyDictionary<string, string> query, JsonNode? body);
}
