namespace GitOpsFleet.Loading;

/// <summary>The spellings an enum field accepts, in the order error messages list them.</summary>
internal sealed class ChoiceTable<T>
    where T : struct
{
    private readonly (string Text, T Value)[] _choices;

    public ChoiceTable(params (string Text, T Value)[] choices)
    {
        _choices = choices;
        Names = choices.Select(c => c.Text).ToArray();
    }

    public IReadOnlyList<string> Names { get; }

    public bool TryGet(string text, out T value)
    {
        foreach (var (t, v) in _choices)
        {
            if (string.Equals(t, text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }
}
