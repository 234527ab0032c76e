using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOpsFleet.Reconciler.Service.Dashboard;

/// <summary>
/// The dashboard: plain server-rendered HTML that refreshes itself (meta refresh), no script of any kind.
/// Fleets with their last commit, state and drift; a fleet's runs; a run's stages, plan, approval, policy
/// decisions and per-node results; open drift pull requests. The one thing it changes is an approval, and
/// only with the API token typed into its form (DashboardPages.Approvals.cs).
/// </summary>
internal static partial class DashboardPages
{
    private const int RefreshSeconds = 5;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (FleetStatusBoard board, IStateStore store, StateLocation state, CancellationToken ct) =>
        {
            await board.RefreshAsync(ct);
            var h = Page("Fleets", refresh: true);
            h.Raw("<h1>Fleets</h1><table id=\"fleets\">").Head("Fleet", "State", "Last commit", "Last run", "Drift", "Next run", "Problem").Raw("<tbody>");
            foreach (var f in board.All())
            {
                h.Raw("<tr data-fleet=\"").Text(f.Name).Raw("\"><td>").Link($"/fleets/{f.Name}", f.Name).Raw("</td>");
                h.Cell(f.State, "state " + f.State);
                h.Raw("<td><code>").Text(Html.Short(f.LastCommit)).Raw("</code> ").Text(f.LastCommitMessage).Raw("</td><td>");
                if (f.LastRunId is { } id) h.Link($"/runs/{id}", $"#{id} {f.LastResult}", "result " + f.LastResult);
                else h.Text("none yet");
                h.Raw("</td>");
                h.Cell(f.DriftItems == 0 ? "none" : $"{f.DriftItems} item(s)", f.DriftItems == 0 ? null : "drift");
                h.Cell(f.NextRunAt is null ? "-" : Html.When(f.NextRunAt));
                h.Cell(f.Problem ?? "");
                h.Raw("</tr>");
            }
            h.Raw("</tbody></table>");
            await PullRequestsAsync(h, store, null, ct);
            h.Raw("<h2>Recent runs</h2>");
            RunsTable(h, await store.ListRunsAsync(null, null, 15, 0, ct));
            h.Raw("<p class=\"muted\">State: ").Text(state.Describe()).Raw(" · refreshes every ").Text(RefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw(" s · <a href=\"/openapi.json\">API</a> · <a href=\"/metrics\">metrics</a></p>");
            return Ok(h);
        });
        app.MapGet("/fleets/{name}", async (string name, FleetStatusBoard board, IStateStore store, CancellationToken ct) =>
        {
            await board.RefreshAsync(ct);
            if (board.Get(name) is not { } f) return Results.Content(Render(Page("Not found", false).Tag("h1", $"No fleet named {name}")), "text/html; charset=utf-8", statusCode: 404);
            var h = Page(f.Name, refresh: true);
            h.Raw("<p><a href=\"/\">← fleets</a></p>").Tag("h1", $"Fleet {f.Name}");
            h.Raw("<dl>");
            Item(h, "Repository", f.Repository);
            Item(h, "Ref", f.Ref ?? "(default branch)");
            Item(h, "State", f.State);
            Item(h, "Last commit", $"{Html.Short(f.LastCommit)} {f.LastCommitMessage}");
            Item(h, "Drift", f.DriftItems == 0 ? "none" : $"{f.DriftItems} item(s)");
            Item(h, "Schedule", f.Cron ?? $"every {f.Interval}");
            Item(h, "Next run", f.NextRunAt is null ? "-" : Html.When(f.NextRunAt));
            if (f.ConsecutiveFailures > 0) Item(h, "Failing", $"{f.ConsecutiveFailures} run(s) in a row; retried with backoff");
            if (f.Problem is not null) Item(h, "Problem", f.Problem);
            h.Raw("</dl><h2>Runs</h2>");
            RunsTable(h, await store.ListRunsAsync(name, null, 50, 0, ct));
            await PullRequestsAsync(h, store, name, ct);
            return Ok(h);
        });
        app.MapGet("/runs/{id:long}", async (long id, IStateStore store, HttpContext http, IAntiforgery antiforgery, TimeProvider time, CancellationToken ct) =>
        {
            if (await store.GetRunAsync(id, ct) is not { } run) return Results.Content(Render(Page("Not found", false).Tag("h1", $"No run {id}")), "text/html; charset=utf-8", statusCode: 404);
            var report = RunReport.Read(run);
            var h = Page($"Run {run.Id}", refresh: run.FinishedAt is null);
            h.Raw("<p><a href=\"/\">← fleets</a> · ").Link($"/fleets/{run.Fleet}", $"fleet {run.Fleet}").Raw("</p>");
            h.Raw("<h1>Run ").Text($"#{run.Id} of {run.Fleet}: ").Raw("<span class=\"result ").Text(run.Result).Raw("\">").Text(run.Result).Raw("</span></h1><dl>");
            Item(h, "Commit", $"{Html.Short(run.Commit)} {report.CommitMessage}");
            Item(h, "Trigger", run.Trigger);
            Item(h, "Started", Html.When(run.StartedAt));
            Item(h, "Duration", run.Duration is { } d ? $"{d.TotalSeconds:0.00} s" : "running");
            Item(h, "Summary", run.Summary);
            h.Raw("</dl><h2>Steps</h2><table id=\"steps\">").Head("Step", "Outcome", "Status", "Duration", "Output").Raw("<tbody>");
            foreach (var s in report.Steps)
            {
                h.Raw("<tr>").Cell(s.Name).Cell(s.Outcome).Cell(s.Status, "status " + s.Status).Cell($"{Number(s.DurationMs)} ms").Cell(s.Message).Raw("</tr>");
            }
            h.Raw("</tbody></table>");
            if (report.Diagnostics.Count > 0)
            {
                h.Raw("<h2>Diagnostics</h2><ul>");
                foreach (var dg in report.Diagnostics) h.Tag("li", dg.ToString());
                h.Raw("</ul>");
            }
            if (report.Plan is { } plan)
            {
                h.Raw("<h2>Plan</h2>").Tag("p", plan.Summary);
                if (plan.Refusal is { } refusal) h.Tag("p", $"Refused: {refusal}", "problem");
                h.Raw("<table id=\"plan\">").Head("Action", "Pool", "Node", "Provider", "Reason").Raw("<tbody>");
                foreach (var a in plan.Actions)
                {
                    h.Raw("<tr>").Cell(a.Kind).Cell(a.Pool).Cell(a.Node).Cell(a.Provider).Cell(a.Reason).Raw("</tr>");
                }
                h.Raw("</tbody></table>");
            }
            if (report.Approval is { } approval) await ApprovalSectionAsync(h, run, approval, store, http, antiforgery, time, ct);
            if (report.Decisions is { } decisions)
            {
                h.Raw("<h2>Policy decisions</h2><p class=\"").Text(decisions.Allowed ? "allow" : "deny").Raw("\">").Text(decisions.Allowed ? "allowed" : "denied").Raw(": ").Text(decisions.Summary).Raw("</p><ul id=\"decisions\">");
                foreach (var x in decisions.Deny) h.Tag("li", $"deny: {x}", "deny");
                foreach (var x in decisions.Warn) h.Tag("li", $"warn: {x}", "warn");
                foreach (var x in decisions.Stages) h.Tag("li", $"stage {x.StageName}: {x.Verdict} (decision {x.Id}, policy revision {x.Revision})");
                h.Raw("</ul>");
            }
            h.Raw("<h2>Node results</h2><table id=\"results\">").Head("Action", "Node", "Outcome", "Duration", "Message").Raw("<tbody>");
            foreach (var r in report.Results ?? [])
            {
                h.Raw("<tr>").Cell(r.Action.Kind).Cell(r.Action.Node).Cell(r.Outcome, "outcome " + r.Outcome)
                    .Cell($"{Number(r.DurationMs)} ms").Cell(r.Message).Raw("</tr>");
            }
            h.Raw("</tbody></table>");
            h.Raw("<h2>Observed nodes</h2><table id=\"observed\">").Head("Node", "Pool", "Provider", "State", "Software", "Address").Raw("<tbody>");
            foreach (var n in report.Observed ?? [])
            {
                h.Raw("<tr>").Cell(n.Name).Cell(n.Pool).Cell(n.Provider).Cell(n.State, "node " + n.State)
                    .Cell($"{n.Software} {n.Version}").Cell(n.Address).Raw("</tr>");
            }
            h.Raw("</tbody></table>");
            if (report.Drift is { } drift)
            {
                h.Raw("<h2>Drift</h2><ul id=\"drift\">");
                foreach (var i in drift.Items) h.Tag("li", $"{i.Kind} {i.Node}: {i.Message}");
                h.Raw("</ul>");
            }
            if (report.Error is { } error) h.Tag("p", $"Error: {error}", "problem");
            h.Raw("<p class=\"muted\"><a href=\"/api/runs/").Text(run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("\">this run as JSON</a></p>");
            return Ok(h);
        });
        MapApprovalForm(app);
        MapLogin(app);
    }

    private static async Task PullRequestsAsync(Html h, IStateStore store, string? fleet, CancellationToken ct)
    {
        var open = await store.ListPullRequestsAsync(fleet, PullRequestState.Open, ct);
        h.Raw("<h2>Open drift pull requests</h2>");
        if (open.Count == 0)
        {
            h.Tag("p", "none", "muted");
            return;
        }
        h.Raw("<table id=\"prs\">").Head("#", "Fleet", "Title", "Branch", "Updated").Raw("<tbody>");
        foreach (var pr in open)
        {
            h.Raw("<tr>").Cell($"#{pr.Id}").Cell(pr.Fleet).Raw("<td>");
            if (pr.Url is { } url) h.Link(url, pr.Title);
            else h.Text(pr.Title);
            h.Raw("</td>").Cell(pr.Branch).Cell(Html.When(pr.UpdatedAt)).Raw("</tr>");
        }
        h.Raw("</tbody></table>");
    }

    private static void RunsTable(Html h, IReadOnlyList<RunRecord> runs)
    {
        h.Raw("<table class=\"runs\">").Head("Run", "Fleet", "Started", "Trigger", "Commit", "Result", "Summary").Raw("<tbody>");
        foreach (var r in runs)
        {
            h.Raw("<tr><td>").Link($"/runs/{r.Id}", $"#{r.Id}").Raw("</td>").Cell(r.Fleet).Cell(Html.When(r.StartedAt)).Cell(r.Trigger)
                .Raw("<td><code>").Text(Html.Short(r.Commit)).Raw("</code></td>").Cell(r.Result, "result " + r.Result).Cell(r.Summary).Raw("</tr>");
        }
        h.Raw("</tbody></table>");
    }

    internal static void Item(Html h, string name, string? value) => h.Tag("dt", name).Tag("dd", value);

    // Durations show as the record stores them, whatever the server's culture.
    private static string Number(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The only inline content: the Content-Security-Policy allows exactly this block by its hash.
    private const string Style =
        "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
        + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}"
        + "th{background:#f4f4f4}code{font-size:13px}.muted{color:#777}dt{font-weight:600;float:left;width:9em}dd{margin:0 0 .3em 9em}"
        + ".failing,.failed,.unreachable,.ref-missing,.invalid,.denied,.refused,.deny,.problem{color:#b00020}.in-sync,.succeeded,.no-changes,.allow,.ok{color:#1b7f2a}"
        + ".drifted,.drift,.warn,.running,.stalled,.waiting-approval,.waiting,.lapsed{color:#a35a00}"
        + "form label{display:block;margin:.3em 0}form input{margin-left:.5em}form button{margin:.5em .5em 0 0}";

    /// <summary>The CSP source that allows the dashboard's style block.</summary>
    public static string StyleHash { get; } = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Style)));

    internal static Html Page(string title, bool refresh)
    {
        var h = new Html();
        h.Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Text(title).Raw(" · GitOpsFleet</title>");
        if (refresh) h.Raw($"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">");
        h.Raw("<style>").Raw(Style).Raw("</style></head><body>");
        return h;
    }

    internal static string Render(Html h) => h.Raw("</body></html>").ToString();

    private static IResult Ok(Html h) => Results.Content(Render(h), "text/html; charset=utf-8");
}
