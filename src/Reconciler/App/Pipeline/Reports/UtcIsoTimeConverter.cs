using System.Globalization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>Pull request times, which the record writes as UTC with a trailing Z.</summary>
internal sealed class UtcIsoTimeConverter : TimeTextConverter
{
    protected override string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
