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
    /// <summary>Who wrote each of <see cref="Comments"/>, at the same index.</summary>
    public List<string> CommentAuthors { get; } = [];
    public int Updates { get; set; }
    /// <summary>When each of <see cref="Comments"/> was written, where a test said so (a program under test reads the real clock).</summary>
    private readonly Dictionary<int, DateTimeOffset> _writtenAt = [];

    /// <summary>A comment written on the forge by <paramref name="author"/> (a person, in tests); its id is its position.</summary>
    public int AddComment(string author, string body, DateTimeOffset? writtenAt = null)
    {
        Comments.Add(body);
        CommentAuthors.Add(author);
        if (writtenAt is { } at) _writtenAt[Comments.Count] = at;
        return Comments.Count;
    }

    /// <summary>The comments as a forge lists them: id, author, body and a creation time, one minute apart unless a test gave one.</summary>
    public IEnumerable<(int Id, string Author, string Body, string CreatedAt)> CommentList() =>
        Comments.Select((body, i) => (i + 1, i < CommentAuthors.Count ? CommentAuthors[i] : "", body,
            (_writtenAt.TryGetValue(i + 1, out var at) ? at : new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i))
                .ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
}
