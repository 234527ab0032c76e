using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Notifications;

/// <summary>Keeps every formatted log line, with its arguments, so a test can look for secrets in them.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{eventId.Id} {formatter(state, exception)} {exception}");
}
