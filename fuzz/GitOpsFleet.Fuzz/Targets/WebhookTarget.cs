using System.Security.Cryptography;
using System.Text;
using GitOpsFleet.Reconciler.Service.Webhooks;

namespace GitOpsFleet.Fuzz.Targets;

/// <summary>
/// The webhook payload parsers (GitHub/Gitea, GitLab and generic push; GitHub/Gitea and GitLab pull/merge
/// requests) and the signature checks. The input's first line is the signature or token header, the rest is the
/// body. A parser refuses with null; a check answers false; neither throws. A header computed for the body
/// verifies, and the fuzzed header verifies only when it is that header.
/// </summary>
internal sealed class WebhookTarget : FuzzTarget
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("fuzz-secret");

    public override string Name => "webhook";

    public override string Description => "webhook payload parsers (GitHub/Gitea/GitLab/generic) and signature checks";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var newline = input.IndexOf((byte)'\n');
        var header = newline < 0 ? null : Encoding.UTF8.GetString(input[..newline]);
        var body = newline < 0 ? input : input[(newline + 1)..];

        _ = PushEvent.FromForgePayload(body);
        _ = PushEvent.FromGitLabPayload(body);
        _ = PushEvent.FromGenericPayload(body);
        _ = PullRequestEvent.FromGitHubPayload(body);
        _ = PullRequestEvent.FromGitLabPayload(body);

        var bodyArray = body.ToArray();
        var expected = WebhookSignature.GitHubHeader("fuzz-secret", bodyArray);
        if (!WebhookSignature.IsValid(Secret, body, expected, "sha256="))
        {
            throw new FuzzContractException("a body's own GitHub signature does not verify");
        }
        if (!WebhookSignature.IsValid(Secret, body, expected["sha256=".Length..], ""))
        {
            throw new FuzzContractException("a body's own Gitea signature does not verify");
        }

        foreach (var prefix in new[] { "sha256=", "" })
        {
            if (WebhookSignature.IsValid(Secret, body, header, prefix) && !SameDigest(header!, prefix, expected))
            {
                throw new FuzzContractException($"header '{header}' verifies though it is not the body's signature");
            }
        }

        if (WebhookSignature.IsValidToken(Secret, header) != (header == "fuzz-secret"))
        {
            throw new FuzzContractException($"token check wrong for '{header}'");
        }
    }

    private static bool SameDigest(string header, string prefix, string expected)
    {
        var given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        return CryptographicOperations.FixedTimeEquals(given, Convert.FromHexString(expected.AsSpan("sha256=".Length)));
    }
}
