using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Policy.Evidence;

/// <summary>
/// Reads the runs of a period from the state store and counts, per policy rule, what each run's policy stages
/// decided. The gate writes each finding with its origin ("(rule data.fleet.plan.deny in policies/plan.rego)") and
/// each stage with the package it queried; this reads both back.
/// </summary>
internal static class PolicyEvidenceBuilder
{
    private const int PageSize = 500;

    /// <param name="until">Exclusive: a run started at exactly this instant belongs to the next period.</param>
    public static async Task<PolicyEvidence> BuildAsync(IStateStore store, DateTimeOffset since, DateTimeOffset until, string? fleet,
        CancellationToken cancellationToken)
    {
        var reports = new List<RunReport>();
        var fleets = new SortedSet<string>(StringComparer.Ordinal);
        var runs = 0;
        // Runs come newest first; paging stops at the first page that reaches back before the period.
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await store.ListRunsAsync(fleet, null, PageSize, offset, cancellationToken);
            foreach (var run in page.Where(r => r.StartedAt >= since && r.StartedAt < until))
            {
                runs++;
                fleets.Add(run.Fleet);
                // The list carries no documents (they can be large); each run of the period is read whole.
                if (await store.GetRunAsync(run.Id, cancellationToken) is not { } whole) continue;
                var report = RunReport.Read(whole);
                if (report.Decisions is { Stages.Count: > 0 }) reports.Add(report);
            }
            if (page.Count < PageSize || page[^1].StartedAt < since) break;
        }

        var rules = new SortedDictionary<string, RuleTally>(StringComparer.Ordinal);
        foreach (var report in reports.OrderBy(r => r.StartedAt).ThenBy(r => r.RunId))
        {
            foreach (var stage in report.Decisions!.Stages)
            {
                Count(rules, report, stage);
            }
        }

        var approvals = new List<ApprovalEvidence>();
        // The approvals of each fleet that ran in the period: a decision is always taken on one of its runs.
        foreach (var name in fleet is not null ? [fleet] : fleets)
        {
            foreach (var a in await store.ListApprovalsAsync(name, cancellationToken))
            {
                if (a.DecidedAt < since || a.DecidedAt >= until) continue;
                approvals.Add(new ApprovalEvidence(a.Id, a.RunId, a.Fleet, a.Fingerprint, a.Approver,
                    a.Decision == ApprovalDecision.Approve ? "approve" : "reject", a.Reason, a.DecidedAt));
            }
        }
        approvals.Sort((x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Id.CompareTo(y.Id));

        return new PolicyEvidence(since, until, fleet, runs, reports.Count,
            rules.Values.Select(t => t.ToEvidence()).ToList(), approvals);
    }

    private static void Count(SortedDictionary<string, RuleTally> rules, RunReport report, PolicyStageReport stage)
    {
        var stageName = stage.StageName;
        var byRule = new Dictionary<string, (string Kind, string? File, List<string> Messages)>(StringComparer.Ordinal);
        void Add(PolicyFinding finding, string kind)
        {
            var (rule, file, message) = FindingOrigin.Read(finding.ToString(), kind, stage.Query, stageName);
            if (!byRule.TryGetValue(rule, out var entry)) byRule[rule] = entry = (kind, file ?? stage.File, []);
            entry.Messages.Add(message);
        }
        foreach (var d in stage.Deny ?? []) Add(d, PolicyFinding.DenyKind);
        foreach (var w in stage.Warn ?? []) Add(w, PolicyFinding.WarnKind);
        // The package's two rules were evaluated even when they produced nothing: those are its allows.
        if (stage.Query is { Length: > 0 } query)
        {
            foreach (var kind in new[] { PolicyFinding.DenyKind, PolicyFinding.WarnKind })
            {
                byRule.TryAdd($"{query}.{kind}", (kind, stage.File, []));
            }
        }
        foreach (var (rule, (kind, file, messages)) in byRule)
        {
            if (!rules.TryGetValue(rule, out var tally)) rules[rule] = tally = new RuleTally(rule, stageName, file);
            var verdict = messages.Count == 0 ? "allow" : kind;
            tally.Add(new RuleRunEvidence(report.RunId, report.Fleet, report.Commit, report.StartedAt, verdict, messages));
        }
    }

    private sealed class RuleTally(string rule, string? stage, string? file)
    {
        private readonly List<RuleRunEvidence> _runs = [];
        private int _allowed, _warned, _denied;

        public void Add(RuleRunEvidence run)
        {
            _runs.Add(run);
            switch (run.Verdict)
            {
                case "deny": _denied++; break;
                case "warn": _warned++; break;
                default: _allowed++; break;
            }
        }

        public RuleEvidence ToEvidence() => new(rule, stage, file, _allowed, _warned, _denied, _runs);
    }
}
