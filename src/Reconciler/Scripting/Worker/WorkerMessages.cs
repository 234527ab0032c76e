using System.Text.Json.Serialization;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// The channel between the engine and a script worker: one JSON object a line, the kind first. The worker sends only
/// data the host checks and bounds; the host never reads a result from the worker's free text (stderr is kept only to
/// name a crash).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(InitMessage), "init")]
[JsonDerivedType(typeof(EvaluateMessage), "evaluate")]
[JsonDerivedType(typeof(CheckMessage), "check")]
[JsonDerivedType(typeof(QueryReplyMessage), "query-reply")]
[JsonDerivedType(typeof(CompiledMessage), "compiled")]
[JsonDerivedType(typeof(QueryMessage), "query")]
[JsonDerivedType(typeof(ResultMessage), "result")]
internal abstract record WorkerMessage;

/// <summary>Host to worker, once: the budgets the worker's first line of defence enforces.</summary>
internal sealed record InitMessage(
    double CpuBudgetMs, long MemoryBudget, int MaxCallDepth, double QueryTimeoutMs, int MaxQueries,
    int MaxLogLines, int MaxLogLineLength, int CacheCapacity, string? CompiledCacheDirectory, int MaxQueryLength) : WorkerMessage;

/// <summary>Host to worker: compile (or find) and run a script.</summary>
internal sealed record EvaluateMessage(string Source, WirePool Pool, int Current, DateTimeOffset Now) : WorkerMessage;

/// <summary>Host to worker: compile and check only.</summary>
internal sealed record CheckMessage(string Source) : WorkerMessage;

/// <summary>Host to worker: the answer to the last <see cref="QueryMessage"/>.</summary>
internal sealed record QueryReplyMessage(long Seq, IReadOnlyList<WireSeries>? Series, string? Error) : WorkerMessage;

/// <summary>Worker to host: the script compiled (or came from a cache) and now runs; the host switches from the compile deadline to the run deadline.</summary>
internal sealed record CompiledMessage(bool CacheHit) : WorkerMessage;

/// <summary>Worker to host: a metrics query the script made. A range query has Start and Step; an instant one only End.</summary>
internal sealed record QueryMessage(long Seq, string Query, DateTimeOffset? Start, DateTimeOffset End, double? StepSeconds) : WorkerMessage;

/// <summary>Worker to host: how the evaluation or check ended (the host hashes the script itself: it takes no identity from a worker).</summary>
internal sealed record ResultMessage(
    ScalingOutcome Outcome, int? Wanted, IReadOnlyList<WireDiagnostic> Diagnostics, IReadOnlyList<string> Log,
    IReadOnlyList<MetricsQueryRecord> Queries, bool CacheHit) : WorkerMessage;

internal sealed record WirePool(string Name, IReadOnlyDictionary<string, string> Labels, string Provider, string Region, int Min, int Max, string Software, string Version);

internal sealed record WireDiagnostic(int Line, string Message);

/// <summary>A series; an instant query's sample is a series of one point.</summary>
internal sealed record WireSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<WirePoint> Points);

internal sealed record WirePoint(DateTimeOffset Time, double Value);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WorkerMessage))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
