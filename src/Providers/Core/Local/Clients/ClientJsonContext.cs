using System.Text.Json.Serialization;

namespace GitOpsFleet.Providers.Local.Clients;

[JsonSerializable(typeof(string[]))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
