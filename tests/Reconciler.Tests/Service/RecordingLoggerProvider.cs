using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Keeps every log entry of the in-process service, so a test can say which were written and whether any carried an exception.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public string Describe() => string.Join("\n", Entries.Select(e => $"{e.Level} {e.Category}[{e.Id.Id}] {e.Message} {e.Exception}"));

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception), exception));
    }
}
