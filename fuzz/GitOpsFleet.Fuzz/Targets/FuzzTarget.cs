namespace GitOpsFleet.Fuzz.Targets;

/// <summary>
/// One fuzzed entry point. <see cref="Run"/> returns when the input ended in a located diagnostic or a documented
/// refusal; any other exception escapes, and so does a <see cref="FuzzContractException"/> when the result breaks
/// the contract (a diagnostic without a location, a signature that does not verify its own body).
/// </summary>
internal abstract class FuzzTarget
{
    public static IReadOnlyList<FuzzTarget> All { get; } = [new RegoTarget(), new FleetTarget(), new WebhookTarget(), new JsonTarget()];

    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract void Run(ReadOnlySpan<byte> input);

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
