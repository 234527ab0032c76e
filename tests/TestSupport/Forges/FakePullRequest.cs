namespace GitOpsFleet.TestSupport.Forges;

/// <summary>A pull request as the fake forges keep it.</summary>
public sealed class FakePullRequest
{
    public required long Number { get; init; }
    public required string Head { get; init; }
    public required string Base { get; init; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string State { get; set; } = "open";
    public bool Merged { get; set; }
    public List<string> Labels { get; } = [];
    public List<string> Comments { get; } = [];
    public int Updates { get; set; }
}
