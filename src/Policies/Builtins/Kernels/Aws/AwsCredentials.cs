namespace GitOpsFleet.Policies.Builtins.Kernels.Aws;

/// <summary>What SigV4 needs from aws_config; an empty session token means none.</summary>
internal sealed record AwsCredentials(string AccessKey, string SecretKey, string Region, string SessionToken);
