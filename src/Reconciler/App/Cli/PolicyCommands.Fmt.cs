using System.CommandLine;
using GitOpsFleet.Policies;
using GitOpsFleet.Policies.Formatting;

namespace GitOpsFleet.Reconciler.Cli;

internal static partial class PolicyCommands
{
    private static Command FmtCommand()
    {
        var fmt = new Command("fmt", "Format Rego files in OPA's canonical style, like 'opa fmt'. Prints the formatted text unless --diff, --write or --list is given; no path reads standard input. Exit 0, or 2 with --fail when a file would change, 1 on a parse error.");
        var paths = new Argument<string[]>("path") { Description = "Files or directories (searched for *.rego).", Arity = ArgumentArity.ZeroOrMore };
        var diff = new Option<bool>("--diff", "-d") { Description = "Print a unified diff of each file that would change." };
        var write = new Option<bool>("--write", "-w") { Description = "Write the formatted text back to each file that would change." };
        var list = new Option<bool>("--list", "-l") { Description = "List the files that would change." };
        var failOnChange = new Option<bool>("--fail") { Description = "Exit 2 when a file is not formatted (or was rewritten with --write)." };
        var v0 = V0CompatibleOption();
        fmt.Arguments.Add(paths);
        fmt.Options.Add(diff);
        fmt.Options.Add(write);
        fmt.Options.Add(list);
        fmt.Options.Add(failOnChange);
        fmt.Options.Add(v0);
        fmt.SetAction(async (parse, ct) =>
        {
            var version = VersionOf(parse, v0);
            var inputs = new List<(string Name, string Text)>();
            var given = parse.GetValue(paths) ?? [];
            if (given.Length == 0)
            {
                inputs.Add(("stdin", await Console.In.ReadToEndAsync(ct)));
            }

            foreach (var p in given)
            {
                if (Directory.Exists(p))
                {
                    foreach (var f in Directory.EnumerateFiles(p, "*.rego", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    {
                        inputs.Add((f, await File.ReadAllTextAsync(f, ct)));
                    }
                }
                else if (File.Exists(p))
                {
                    inputs.Add((p, await File.ReadAllTextAsync(p, ct)));
                }
                else
                {
                    return await Fail($"{p}: no such file or directory");
                }
            }

            var changed = false;
            var broken = false;
            foreach (var (name, text) in inputs)
            {
                ct.ThrowIfCancellationRequested();
                string formatted;
                try
                {
                    formatted = RegoFormatter.Format(text, name, version);
                }
                catch (PolicyCompileException ex)
                {
                    // Every file is still tried, so one run reports all of them, as 'opa fmt' does.
                    foreach (var d in ex.Diagnostics) Console.Error.WriteLine(d.ToString());
                    broken = true;
                    continue;
                }

                var differs = formatted != text;
                changed |= differs;
                if (parse.GetValue(list) && differs) Console.WriteLine(name);
                if (parse.GetValue(diff) && differs) Console.Write(UnifiedDiff.Write("a/" + name, "b/" + name, text, formatted));
                if (parse.GetValue(write) && differs && name != "stdin") await File.WriteAllTextAsync(name, formatted, ct);
                if (!parse.GetValue(list) && !parse.GetValue(diff) && !parse.GetValue(write)) Console.Write(formatted);
            }

            if (broken) return CommandLine.Error;
            return changed && parse.GetValue(failOnChange) ? CommandLine.ChangesOrDrift : CommandLine.Ok;
        });
        return fmt;
    }
}
