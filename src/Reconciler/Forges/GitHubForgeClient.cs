using GitOpsFleet.Providers.Secrets;
using System.Net;
using Octokit;
using Octokit.Internal;

namespace GitOpsFleet.Forges;

/// <summary>
/// GitHub and GitHub Enterprise Server through Octokit (REST API version 2022-11-28). The token is an Octokit
/// credential (an <c>Authorization</c> header), never part of a URL.
/// </summary>
public sealed class GitHubForgeClient : IForgeClient
{
    private static readonly Uri PublicApi = new("https://api.github.com/");
    private readonly GitHubClient _client;
    private readonly string _owner;
    private readonly string _name;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly string _authority;
    private readonly TimeSpan _callTimeout;

    public GitHubForgeClient(ForgeEndpoint endpoint, TimeProvider time, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var parts = endpoint.Repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0)) throw new ArgumentException($"a GitHub repository is OWNER/NAME, not '{endpoint.Repository}'", nameof(endpoint));
        (_owner, _name) = (parts[0], parts[1]);
        _time = time;
        _redactor = new SecretRedactor(endpoint.Token);
        var baseUri = ApiBase(endpoint.ApiBase);
        _authority = baseUri.Authority;
        var connection = new Connection(new ProductHeaderValue("gitopsfleet"), baseUri,
            new InMemoryCredentialStore(new Credentials(endpoint.Token)), new HttpClientAdapter(HttpMessageHandlerFactory.CreateDefault), new SimpleJsonSerializer());
        _callTimeout = requestTimeout ?? ForgeCallOptions.Default.CallTimeout;
        connection.SetRequestTimeout(_callTimeout);
        _client = new GitHubClient(connection);
    }

    public string Kind => "github";

    public int MaxBodyLength => PullRequestBody.GitHubLimit;

    /// <summary>github.com's API, or the Enterprise base as given (<c>https://host/api/v3</c>), with the trailing slash Octokit needs to append paths.</summary>
    internal static Uri ApiBase(Uri? configured)
    {
        if (configured is null || configured.Host is "github.com" or "api.github.com") return PublicApi;
        return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
    }

    public Task<ForgePullRequest?> FindOpenByBranchAsync(string headBranch, CancellationToken cancellationToken) =>
        CallAsync($"list pull requests of {_owner}/{_name}", async () =>
        {
            var request = new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{_owner}:{headBranch}" };
            var list = await _client.PullRequest.GetAllForRepository(_owner, _name, request, new ApiOptions { PageSize = 100, PageCount = 1 });
            // Filter again: a server that ignores `head` must not make us adopt someone else's pull request.
            var ours = list.FirstOrDefault(pr => pr.Head?.Ref == headBranch && (pr.Head.Repository is null || pr.Head.Repository.FullName == $"{_owner}/{_name}"));
            return ours is null ? null : Map(ours);
        }, cancellationToken);

    public Task<ForgePullRequest> CreateAsync(PullRequestContent content, CancellationToken cancellationToken) =>
        CallAsync($"open a pull request from {content.HeadBranch}", async () =>
        {
            var created = await _client.PullRequest.Create(_owner, _name, new NewPullRequest(content.Title, content.HeadBranch, content.BaseBranch)
            {
                Body = PullRequestBody.Fit(content.Body, MaxBodyLength, content.FullBodyLocation),
            });
            return Map(created);
        }, cancellationToken);

    public Task<ForgePullRequest> UpdateAsync(long number, PullRequestContent content, CancellationToken cancellationToken) =>
        CallAsync($"update pull request #{number}", async () => Map(await _client.PullRequest.Update(_owner, _name, checked((int)number), new PullRequestUpdate
        {
            Title = content.Title,
            Body = PullRequestBody.Fit(content.Body, MaxBodyLength, content.FullBodyLocation),
        })), cancellationToken);

    public Task<ForgePullRequest> CloseWithCommentAsync(long number, string comment, CancellationToken cancellationToken) =>
        CallAsync($"close pull request #{number}", async () =>
        {
            await _client.Issue.Comment.Create(_owner, _name, number, comment);
            return Map(await _client.PullRequest.Update(_owner, _name, checked((int)number), new PullRequestUpdate { State = ItemState.Closed }));
        }, cancellationToken);

    public Task<ForgePullRequest> GetAsync(long number, CancellationToken cancellationToken) =>
        CallAsync($"read pull request #{number}", async () => Map(await _client.PullRequest.Get(_owner, _name, checked((int)number))), cancellationToken);

    /// <summary>GitHub creates labels that do not exist yet.</summary>
    public Task AddLabelsAsync(long number, IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        CallAsync($"label pull request #{number}", async () =>
        {
            await _client.Issue.Labels.AddToIssue(_owner, _name, number, labels.ToArray());
            return true;
        }, cancellationToken);

    public Task<ForgeComment> AddCommentAsync(long number, string body, CancellationToken cancellationToken) =>
        CallAsync($"comment on pull request #{number}", async () => Map(await _client.Issue.Comment.Create(_owner, _name, checked((int)number), body)), cancellationToken);

    /// <summary>A pull request's conversation is its issue's comments (review comments on lines are another list, not read here).</summary>
    public Task<IReadOnlyList<ForgeComment>> ListCommentsAsync(long number, CancellationToken cancellationToken) =>
        CallAsync($"read the comments of pull request #{number}", async () =>
        {
            var comments = await _client.Issue.Comment.GetAllForIssue(_owner, _name, checked((int)number));
            return (IReadOnlyList<ForgeComment>)comments.Select(Map).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
        }, cancellationToken);

    private static ForgeComment Map(IssueComment comment) => new(comment.Id, comment.User?.Login ?? "", comment.Body ?? "", comment.CreatedAt);

    private static ForgePullRequest Map(PullRequest pr)
    {
        var state = pr.Merged || pr.MergedAt is not null ? ForgePullRequestState.Merged
            : pr.State.Value == ItemState.Open ? ForgePullRequestState.Open : ForgePullRequestState.Closed;
        return new ForgePullRequest(pr.Number, pr.HtmlUrl ?? "", pr.Head?.Ref ?? "", pr.Base?.Ref ?? "", pr.Title ?? "", state, pr.Head?.Sha, pr.ClosedAt, pr.MergedAt);
    }

    /// <summary>
    /// Octokit takes no cancellation token; the wait is cancelled here and the request is left to its timeout. The
    /// deadline is kept here as well, because Octokit's timeout does not cover every wait (a paged list is several calls).
    /// </summary>
    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(_callTimeout, _time, cancellationToken);
        }
        catch (ApiException ex)
        {
            throw Translate(what, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ForgeException(ForgeErrorKind.Unavailable, $"github at {_authority} cannot be reached ({what}): {_redactor.Redact(ex.Message)}");
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ForgeException(ForgeErrorKind.Unavailable, $"github at {_authority} did not answer within {_callTimeout.TotalSeconds:0.#} s ({what})");
        }
    }

    private ForgeException Translate(string what, ApiException ex)
    {
        var code = (int)ex.StatusCode;
        var said = _redactor.Redact(ex.ApiError?.Message ?? ex.Message);
        var errors = ex.ApiError?.Errors?.Select(e => _redactor.Redact(e.Message ?? e.Code)).Where(m => !string.IsNullOrEmpty(m)).ToList() ?? [];
        var detail = errors.Count > 0 ? $"{said}: {string.Join("; ", errors)}" : said;
        var prefix = $"github answered {code} when asked to {what}";
        var retryAfter = ex.HttpResponse?.Headers is { } headers
            ? RetryTiming.From(name => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value, _time)
            : null;
        switch (ex)
        {
            case RateLimitExceededException limit:
                var wait = limit.Reset - _time.GetUtcNow();
                return new ForgeException(ForgeErrorKind.RateLimited, $"{prefix}: rate limit exhausted until {limit.Reset:u}", code, retryAfter ?? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait));
            case SecondaryRateLimitExceededException or AbuseException:
                return new ForgeException(ForgeErrorKind.RateLimited, $"{prefix}: secondary rate limit ({detail})", code, retryAfter ?? TimeSpan.FromMinutes(1));
            case AuthorizationException:
                return new ForgeException(ForgeErrorKind.Unauthorized, $"{prefix}: the token was refused (missing, wrong or expired)", code);
            case NotFoundException:
                return new ForgeException(ForgeErrorKind.NotFound, $"{prefix}: not found (or the token cannot see {_owner}/{_name})", code);
            case ApiValidationException when detail.Contains("already exists", StringComparison.OrdinalIgnoreCase):
                return new ForgeException(ForgeErrorKind.AlreadyExists, $"{prefix}: {detail}", code);
            case ApiValidationException:
                return new ForgeException(ForgeErrorKind.Invalid, $"{prefix}: {detail}", code);
        }
        if (ex.StatusCode == (HttpStatusCode)429 || (ex.StatusCode == HttpStatusCode.Forbidden && retryAfter is not null))
        {
            return new ForgeException(ForgeErrorKind.RateLimited, $"{prefix}: rate limited ({detail})", code, retryAfter);
        }
        if (ex.StatusCode == HttpStatusCode.Forbidden) return new ForgeException(ForgeErrorKind.Forbidden, $"{prefix}: the token may not do this ({detail})", code);
        if (code >= 500) return new ForgeException(ForgeErrorKind.Unavailable, $"{prefix}: the forge is unavailable ({detail})", code, retryAfter);
        return new ForgeException(ForgeErrorKind.Failed, $"{prefix}: {detail}", code, retryAfter);
    }
}
