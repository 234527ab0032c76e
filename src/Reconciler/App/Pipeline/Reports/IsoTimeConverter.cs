using System.Globalization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>A time with its own offset (node and drift times, policy decisions).</summary>
internal sealed class IsoTimeConverter : TimeTextConverter
{
    protected override string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
