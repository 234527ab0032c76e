using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>tokens create|list|revoke: the service's named API tokens, straight in its state store (see docs/security.md).</summary>
internal static class TokenCommands
{
    public static void AddTo(RootCommand root)
    {
        var tokens = new Command("tokens", "Create, list and revoke the service's named API tokens (scopes read, run, approve, admin).");

        var create = new Command("create", "Create a token and print it once; the store keeps only its SHA-256.");
        var name = new Argument<string>("NAME") { Description = "The token's name, as the audit log records its calls: lower-case letters, digits, '.', '_' and '-'." };
        var scope = new Option<string[]>("--scope") { Description = "read, run, approve or admin (all of them); repeat for several. Every scope may read.", Required = true };
        create.Arguments.Add(name);
        create.Options.Add(scope);
        var createStore = CliStateStore.AddTo(create);
        create.SetAction(async (parse, ct) =>
        {
            var tokenName = parse.GetValue(name)!;
            if (!ApiTokens.IsValidName(tokenName))
            {
                await Console.Error.WriteLineAsync($"error: '{tokenName}' is not a token name: use 1 to 63 lower-case letters, digits, '.', '_' or '-' (and not '{ApiCaller.ConfiguredTokenName}')");
                return CommandLine.Error;
            }
            var scopes = new List<ApiScope>();
            foreach (var text in parse.GetValue(scope) ?? [])
            {
                if (!ApiScopes.TryParse(text, out var s))
                {
                    await Console.Error.WriteLineAsync($"error: --scope '{text}' is not one of {string.Join(", ", ApiScopes.Names)}");
                    return CommandLine.Error;
                }
                if (!scopes.Contains(s)) scopes.Add(s);
            }
            await using var store = await createStore.OpenAsync(parse, root, ct);
            var token = ApiTokens.Create();
            var now = DateTimeOffset.UtcNow;
            var names = scopes.Select(ApiScopes.Name).ToList();
            if (!await store.AddTokenAsync(new ApiTokenRecord(tokenName, ApiTokens.HashHex(token), names, now, Environment.UserName, null), ct))
            {
                await Console.Error.WriteLineAsync($"error: a token named '{tokenName}' exists (or existed: a revoked token's name stays taken); choose another name");
                return CommandLine.Error;
            }
            await Audit(store).RecordAsync(Environment.UserName, AuditActions.TokenCreate, tokenName, AuditTrail.Cli, $"scopes: {string.Join(", ", names)}", ct);
            // The token alone on stdout, so a script can capture it; what to do with it on stderr.
            Console.WriteLine(token);
            await Console.Error.WriteLineAsync($"created token '{tokenName}' with scope {string.Join(", ", names)}; it is shown only now, keep it somewhere safe");
            return CommandLine.Ok;
        });

        var list = new Command("list", "List the tokens (names, scopes, who created them, revoked or not); never the tokens.");
        var json = new Option<bool>("--json") { Description = "Print a JSON array." };
        list.Options.Add(json);
        var listStore = CliStateStore.AddTo(list);
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await listStore.OpenAsync(parse, root, ct);
            var all = await store.ListTokensAsync(ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray(all.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Name,
                    ["scopes"] = new JsonArray(t.Scopes.Select(s => (JsonNode)s).ToArray()),
                    ["createdAt"] = When(t.CreatedAt),
                    ["createdBy"] = t.CreatedBy,
                    ["revokedAt"] = t.RevokedAt is { } r ? When(r) : null,
                }).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return CommandLine.Ok;
            }
            if (all.Count == 0)
            {
                Console.WriteLine("no tokens; create one with 'gitopsfleet tokens create NAME --scope read'");
                return CommandLine.Ok;
            }
            Console.WriteLine($"{"NAME",-20}  {"SCOPES",-24}  {"CREATED (UTC)",-19}  {"BY",-12}  STATE");
            foreach (var t in all)
            {
                Console.WriteLine($"{t.Name,-20}  {string.Join(",", t.Scopes),-24}  {When(t.CreatedAt),-19}  {t.CreatedBy,-12}  {(t.RevokedAt is { } r ? "revoked " + When(r) : "active")}");
            }
            return CommandLine.Ok;
        });

        var revoke = new Command("revoke", "Revoke a token: the service refuses it at once, and its name stays taken.");
        var revokeName = new Argument<string>("NAME") { Description = "The token's name." };
        revoke.Arguments.Add(revokeName);
        var revokeStore = CliStateStore.AddTo(revoke);
        revoke.SetAction(async (parse, ct) =>
        {
            var tokenName = parse.GetValue(revokeName)!;
            await using var store = await revokeStore.OpenAsync(parse, root, ct);
            if (!await store.RevokeTokenAsync(tokenName, DateTimeOffset.UtcNow, ct))
            {
                await Console.Error.WriteLineAsync($"error: no active token named '{tokenName}' ('gitopsfleet tokens list' shows them)");
                return CommandLine.Error;
            }
            await Audit(store).RecordAsync(Environment.UserName, AuditActions.TokenRevoke, tokenName, AuditTrail.Cli, null, ct);
            Console.WriteLine($"revoked token '{tokenName}'");
            return CommandLine.Ok;
        });

        tokens.Subcommands.Add(create);
        tokens.Subcommands.Add(list);
        tokens.Subcommands.Add(revoke);
        root.Subcommands.Add(tokens);
    }

    internal static AuditTrail Audit(IStateStore store) => new(store, TimeProvider.System);

    internal static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
