namespace GitOpsFleet.Policies.Builtins.Kernels.Jwt;

/// <summary>One decoded JWS level: JSON texts of header and payload, raw signature, and the signed input.</summary>
internal sealed record JwtParts(string HeaderJson, string PayloadJson, byte[] Signature, byte[] SigningInput, JwtParts? Inner);
