using GitOpsFleet.Policies.Builtins.Kernels.Aws;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class SigV4SignerTests
{
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "");

    [Fact]
    public void Sign_AwsDocumentationIamExample_ProducesPublishedSignature()
    {
        // The worked example of AWS's Signature Version 4 documentation (IAM ListUsers, 2015-08-30T12:36:00Z).
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" };

        var (authorization, added) = SigV4Signer.Sign(
            headers, "GET", SigningUrl.Parse("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"), [], "iam", Example,
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), disablePayloadSigning: false);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,SignedHeaders=content-type;host;x-amz-date,Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            authorization);
        Assert.Equal("iam.amazonaws.com", added["host"]);
        Assert.Equal("20150830T123600Z", added["x-amz-date"]);
        Assert.False(added.ContainsKey("x-amz-content-sha256"));
    }

    [Fact]
    public void Sign_S3WithoutPayloadSigning_AddsUnsignedPayloadHeaderAndSessionToken()
    {
        var creds = Example with { SessionToken = "TOKEN" };

        var (authorization, added) = SigV4Signer.Sign(
            new Dictionary<string, string>(), "PUT", SigningUrl.Parse("https://bucket.s3.amazonaws.com/key"), "hello"u8.ToArray(), "s3", creds,
            DateTimeOffset.UnixEpoch, disablePayloadSigning: true);

        Assert.Equal(SigV4Signer.UnsignedPayload, added["x-amz-content-sha256"]);
        Assert.Equal("TOKEN", added["x-amz-security-token"]);
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_IgnoredAndMixedCaseHeaders_SignsLowercasedNamesExceptProxyRewrittenOnes()
    {
        var headers = new Dictionary<string, string> { ["X-Custom"] = "1", ["User-Agent"] = "curl", ["authorization"] = "old" };

        var (authorization, _) = SigV4Signer.Sign(
            headers, "GET", SigningUrl.Parse("http://example.com/a"), [], "execute-api", Example, DateTimeOffset.UnixEpoch, disablePayloadSigning: false);

        Assert.Contains("SignedHeaders=host;x-amz-date;x-custom,", authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:pw@example.com:8443/a%2Fb?x=1&y=2#frag", "example.com:8443", "/a%2Fb", "x=1&y=2")]
    [InlineData("http://example.com", "example.com", "", "")]
    [InlineData("http://example.com/a b", "example.com", "/a%20b", "")]
    public void Parse_Url_SplitsHostEscapedPathAndRawQuery(string url, string host, string path, string query)
    {
        var parsed = SigningUrl.Parse(url);

        Assert.Equal(new SigningUrl(host, path, query), parsed);
    }
}
