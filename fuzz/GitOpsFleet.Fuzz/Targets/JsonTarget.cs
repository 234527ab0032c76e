using System.Text.Json;
using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Fuzz.Targets;

/// <summary>
/// The Rego engine's JSON value reader (<see cref="ValueJson.Parse(ReadOnlySpan{byte})"/>, which runs the pooled
/// JsonValueReader). Bad JSON is refused with <see cref="JsonException"/>; what it accepts writes back to JSON that
/// reads again to an equal value.
/// </summary>
internal sealed partial class JsonTarget : FuzzTarget
{
    public override string Name => "json";

    public override string Description => "Rego JSON value reader (ValueJson.Parse) and writer round trip";

    public override void Run(ReadOnlySpan<byte> input)
    {
        Value value;
        try
        {
            value = ValueJson.Parse(input);
        }
        catch (JsonException)
        {
            return;
        }

        var written = ValueJson.ToJsonString(value);
        Value again;
        try
        {
            again = ValueJson.Parse(written);
        }
        catch (JsonException e)
        {
            throw new FuzzContractException($"written JSON does not read again ({e.Message}): {written}");
        }

        // Known and reported (docs/fuzzing.md): NumberValue saturates exponents past 536870911, so such a number does
        // not read back to itself. Until that is settled, only exponents below the saturation point must round trip.
        if (!again.Equals(value) && !HugeExponent().IsMatch(written))
        {
            throw new FuzzContractException($"round trip changed the value: {written}");
        }
    }

    [GeneratedRegex(@"[eE][+-]?[0-9]{9,}")]
    private static partial Regex HugeExponent();
}
