using System.Text.Json.Nodes;

namespace GitOpsFleet.Forges.Tests.Support;

internal sealed record FakeResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null);
