using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Local;

/// <summary>
/// The command line of one node process. The provider reads it back from /proc to observe nodes,
/// so the command line itself is the node's identity: a node restarted by hand from its command
/// line with another version is the same node, changed.
/// </summary>
internal sealed record NodeArguments(
    string Fleet,
    string Pool,
    string Name,
    SoftwareSpec Software,
    MachineSpec Machine,
    IReadOnlyDictionary<string, string> Labels,
    int Port,
    string? StateDirectory,
    double SyncSeconds)
{
    /// <summary>The verb that follows the executable (<c>gitopsfleet node</c>).</summary>
    public const string Verb = "node";

    /// <summary>Arguments after the verb. <c>--fleet</c> and <c>--pool</c> come first so <c>ps</c> shows what a node is.</summary>
    public IReadOnlyList<string> ToArgs()
    {
        var args = new List<string>
        {
            "--fleet", Fleet, "--pool", Pool, "--name", Name,
            "--software", Software.Name, "--version", Software.Version,
        };
        if (Software.Consensus is { } cl) args.AddRange(["--consensus", $"{cl.Name}:{cl.Version}"]);
        if (!string.IsNullOrEmpty(Machine.Size)) args.AddRange(["--size", Machine.Size]);
        if (!string.IsNullOrEmpty(Machine.Image)) args.AddRange(["--image", Machine.Image]);
        args.AddRange(["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (StateDirectory is not null) args.AddRange(["--state-dir", StateDirectory]);
        if (SyncSeconds > 0) args.AddRange(["--sync-seconds", SyncSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var (key, value) in Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--label", $"{key}={value}"]);
        }
        return args;
    }

    /// <summary>Parses the arguments after the verb; collects every problem rather than stopping at the first.</summary>
    public static NodeArguments? TryParse(IReadOnlyList<string> args, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        string? fleet = null, pool = null, name = null, software = null, version = null, size = null, image = null, stateDir = null;
        SoftwareSpec? consensus = null;
        var port = 0;
        var syncSeconds = 0.0;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            var eq = option.IndexOf('=');
            string? inlineValue = null;
            if (option.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                inlineValue = option[(eq + 1)..];
                option = option[..eq];
            }

            string? Value()
            {
                if (inlineValue is not null) return inlineValue;
                if (i + 1 < args.Count) return args[++i];
                problems.Add($"{option} needs a value");
                return null;
            }

            switch (option)
            {
                case "--fleet": fleet = Value(); break;
                case "--pool": pool = Value(); break;
                case "--name": name = Value(); break;
                case "--software": software = Value(); break;
                case "--version": version = Value(); break;
                case "--size": size = Value(); break;
                case "--image": image = Value(); break;
                case "--state-dir": stateDir = Value(); break;
                case "--consensus":
                    if (Value() is { } c)
                    {
                        var colon = c.IndexOf(':');
                        if (colon <= 0 || colon == c.Length - 1) problems.Add($"--consensus must be NAME:VERSION, not '{c}'");
                        else consensus = new SoftwareSpec(c[..colon], c[(colon + 1)..]);
                    }
                    break;
                case "--port":
                    if (Value() is { } p && (!int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535))
                    {
                        problems.Add($"--port must be a number from 0 to 65535, not '{p}'");
                    }
                    break;
                case "--sync-seconds":
                    if (Value() is { } s && (!double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out syncSeconds) || syncSeconds < 0))
                    {
                        problems.Add($"--sync-seconds must be a non-negative number, not '{s}'");
                    }
                    break;
                case "--label":
                    if (Value() is { } l)
                    {
                        var at = l.IndexOf('=');
                        if (at <= 0) problems.Add($"--label must be KEY=VALUE, not '{l}'");
                        else labels[l[..at]] = l[(at + 1)..];
                    }
                    break;
                default:
                    problems.Add($"unknown option '{args[i]}'");
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(fleet)) problems.Add("--fleet is required");
        if (string.IsNullOrWhiteSpace(pool)) problems.Add("--pool is required");
        if (string.IsNullOrWhiteSpace(name)) problems.Add("--name is required");
        if (string.IsNullOrWhiteSpace(software)) problems.Add("--software is required");
        if (string.IsNullOrWhiteSpace(version)) problems.Add("--version is required");
        errors = problems;
        if (problems.Count > 0) return null;

        return new NodeArguments(
            fleet!, pool!, name!,
            new SoftwareSpec(software!, version!, consensus),
            new MachineSpec(size, image),
            labels, port, stateDir, syncSeconds);
    }

    /// <summary>
    /// Finds a node command line among a process's argv: an executable (or dll) named like the node
    /// program, then the verb, then the arguments. Returns null for any other process.
    /// </summary>
    public static NodeArguments? FromCommandLine(IReadOnlyList<string> argv, IReadOnlyCollection<string> programNames)
    {
        for (var i = 0; i + 1 < argv.Count; i++)
        {
            if (argv[i + 1] != Verb) continue;
            var program = Path.GetFileName(argv[i]);
            if (!programNames.Contains(program)) continue;
            var rest = new string[argv.Count - i - 2];
            for (var j = 0; j < rest.Length; j++) rest[j] = argv[i + 2 + j];
            return TryParse(rest, out _);
        }
        return null;
    }
}
