using System.Text.Json.Nodes;

namespace GitOpsFleet.TestSupport.Forges;

public sealed record FakeResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null);
