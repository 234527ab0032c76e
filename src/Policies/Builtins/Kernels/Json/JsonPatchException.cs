namespace GitOpsFleet.Policies.Builtins.Kernels.Json;

/// <summary>A patch that cannot be applied; json.patch reports it as a builtin error (undefined outside strict mode).</summary>
internal sealed class JsonPatchException(string message) : Exception(message);
