using System.Diagnostics;

namespace GitOpsFleet.Reconciler.Service.Metrics;

/// <summary>Label values given in the order of a family's label names, as measurement tags.</summary>
internal static class LabelSet
{
    public static TagList Tags(string[] names, string[] values)
    {
        if (names.Length != values.Length) throw new ArgumentException($"expected {names.Length} label values, got {values.Length}");
        var tags = new TagList();
        for (var i = 0; i < names.Length; i++) tags.Add(names[i], values[i]);
        return tags;
    }
}
