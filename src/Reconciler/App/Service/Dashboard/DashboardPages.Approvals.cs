using System.Globalization;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.Service.Api;
using GitOpsFleet.Reconciler.Service.Fleets;
using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Dashboard;

/// <summary>
/// A run's approval on its page, and the Approve / Reject form of a run that waits for one. The form is no way
/// around the API token: the person types it into a password field, the page never holds it, and the post is
/// checked with <see cref="TokenAuthenticator"/> like the API's bearer token (it needs scope approve). An antiforgery token (a hidden field
/// matched against a SameSite=Strict cookie) makes sure the post came from this page and not from another site.
/// </summary>
internal static partial class DashboardPages
{
    private const string TokenField = "token";

    public static void AddApprovalForms(IServiceCollection services)
    {
        // Keys live in memory: a restarted service (or another instance) refuses an older page's form, and the
        // person reloads it. Persisting keys would put one more secret on disk for no gain.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "gitopsfleet-form";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "form-check";
            // HttpEdge already answers X-Frame-Options: DENY on every response.
            o.SuppressXFrameOptionsHeader = true;
        });
    }

    private static async Task ApprovalSectionAsync(Html h, RunRecord run, ApprovalReport approval, IStateStore store, HttpContext http,
        IAntiforgery antiforgery, TimeProvider time, CancellationToken ct)
    {
        // Decisions taken since the run was recorded count too: the page shows where the plan stands now.
        var now = time.GetUtcNow();
        var expiresAfter = approval.ExpiresAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        var mine = (await store.ListApprovalsAsync(run.Fleet, ct)).Where(d => d.Fingerprint == approval.Fingerprint).ToList();
        var live = mine.Where(d => d.Decision == ApprovalDecision.Approve && (expiresAfter is null || now - d.DecidedAt <= expiresAfter)).ToList();
        var rejection = mine.FirstOrDefault(d => d.Decision == ApprovalDecision.Reject);
        var waiting = run.Result == RunResults.Waiting;

        h.Raw("<h2>Approval</h2><dl id=\"approval\">");
        h.Tag("dt", "Status").Tag("dd", approval.Status, approval.Status);
        Item(h, "Why", approval.Reason);
        h.Tag("dt", "Fingerprint").Raw("<dd><code>").Text(approval.Fingerprint).Raw("</code></dd>");
        if (waiting)
        {
            var names = live.Select(d => d.Approver).Distinct(StringComparer.Ordinal).ToList();
            // A record without `required` predates it; the loader's default is 1.
            Item(h, "Approvals", $"{names.Count} of {Math.Max(1, approval.Required)}" + (names.Count > 0 ? $": {string.Join(", ", names)}" : ""));
            Item(h, "Expiry", expiresAfter is not { } e ? "approvals.expiresAfter unknown for this run"
                : $"each approval counts for {e.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min"
                  + string.Concat(live.Select(d => $"; {d.Approver}'s until {Html.When(d.DecidedAt + e)}")));
        }
        else if (approval.ApprovedBy.Count > 0) Item(h, "Approved by", string.Join(", ", approval.ApprovedBy));
        if (rejection is not null) Item(h, "Rejected", $"by {rejection.Approver}" + (rejection.Reason is { Length: > 0 } r ? $": {r}" : ""));
        if (approval.LapsedRun is { } lapsed) Item(h, "Lapsed", $"the approval of run {lapsed} no longer applies: the plan changed");
        h.Raw("</dl>");
        if (!waiting || rejection is not null) return;

        var tokens = antiforgery.GetAndStoreTokens(http);
        var id = run.Id.ToString(CultureInfo.InvariantCulture);
        h.Raw("<form id=\"decide\" method=\"post\" action=\"/runs/").Text(id).Raw("/decide\">")
            .Raw("<input type=\"hidden\" name=\"").Text(tokens.FormFieldName).Raw("\" value=\"").Text(tokens.RequestToken).Raw("\">")
            .Raw("<label>Your name<input name=\"by\" required autocomplete=\"username\"></label>")
            .Raw("<label>Reason<input name=\"reason\" size=\"50\"></label>")
            .Raw("<label>API token<input type=\"password\" name=\"").Raw(TokenField).Raw("\" required autocomplete=\"off\"></label>")
            .Raw("<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>")
            .Raw("<button type=\"submit\" name=\"decision\" value=\"reject\">Reject</button></form>")
            .Tag("p", "An approval applies exactly this plan at the fleet's next run, which starts at once.", "muted");
    }

    private static void MapApprovalForm(IEndpointRouteBuilder app)
    {
        app.MapPost("/runs/{id:long}/decide", async (long id, HttpContext http, IAntiforgery antiforgery, TokenAuthenticator tokens, IStateStore store,
            FleetCatalog catalog, FleetRunCoordinator coordinator, AuditTrail audit, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType) return Answer(id, 400, "Bad request", "Send the form on the run's page.");
            // Before anything else: a post that did not come from this service's own page is refused unread.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Answer(id, 403, "Refused", "This form did not come from this service's page, or the page is too old: reload the run's page and try again.");
            }
            var form = await http.Request.ReadFormAsync(ct);
            if (await tokens.AuthenticateAsync(form[TokenField], ct) is not { } caller)
            {
                return Answer(id, 401, "Unauthorized", "The API token is wrong. Nothing was recorded.");
            }
            if (!caller.Allows(ApiScope.Approve))
            {
                return Answer(id, 403, "Forbidden", $"The token '{caller.Name}' has scope {caller.ScopeList}; approving needs approve. Nothing was recorded.");
            }
            var decision = form["decision"].ToString() switch
            {
                "approve" => ApprovalDecision.Approve,
                "reject" => ApprovalDecision.Reject,
                _ => (ApprovalDecision?)null,
            };
            var by = form["by"].ToString().Trim();
            if (decision is null || by.Length == 0) return Answer(id, 400, "Bad request", "Say who decides, and press Approve or Reject.");
            var reason = form["reason"].ToString().Trim() is { Length: > 0 } r ? r : null;
            var answer = await ApprovalEndpoints.RecordAsync(id, decision.Value, by, reason, "the dashboard", store, catalog, coordinator, time, logs, ct);
            if (answer.Accepted) await ApprovalEndpoints.AuditAsync(audit, caller.Name, AuditTrail.OriginOf(http), id, answer.Record!, ct);
            if (answer.Accepted) return Answer(id, 200, decision == ApprovalDecision.Approve ? "Approved" : "Rejected", answer.Message);
            return Answer(id, answer.Refusal == ApprovalRefusal.UnknownRun ? 404 : 409, "Refused", answer.Message);
        });
    }

    private static IResult Answer(long id, int status, string title, string message)
    {
        var h = Page(title, refresh: false);
        h.Tag("h1", title).Tag("p", message, status == 200 ? "ok" : "problem");
        h.Raw("<p>").Link($"/runs/{id.ToString(CultureInfo.InvariantCulture)}", $"back to run #{id.ToString(CultureInfo.InvariantCulture)}").Raw("</p>");
        return Results.Content(Render(h), "text/html; charset=utf-8", statusCode: status);
    }
}
