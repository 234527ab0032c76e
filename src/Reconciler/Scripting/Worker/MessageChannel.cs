using System.Buffers;
using System.Text.Json;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Line-framed JSON over a pair of streams. Reading is bounded: a line longer than the limit is a protocol error before
/// it is held whole, so a worker that writes a gigabyte costs the host one buffer of the limit, not the gigabyte.
/// </summary>
internal sealed class MessageChannel(Stream input, Stream output, int maxLineBytes)
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;

    /// <summary>
    /// The next message, or null at the end of the stream. Blocking, on purpose: each channel is read by a thread of its
    /// own, because an asynchronous read of a pipe holds a thread-pool thread anyway, and a pool that a blocked read
    /// starves turns a 100 µs round trip into tens of milliseconds.
    /// </summary>
    public WorkerMessage? Read()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = new ReadOnlyMemory<byte>(_buffer, _start, newline - _start);
                _start = newline + 1;
                if (line.IsEmpty) continue;
                return Parse(line);
            }
            if (_end - _start >= maxLineBytes)
                throw new WorkerProtocolException($"a message longer than {maxLineBytes} bytes");
            Compact();
            var read = input.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                if (_end > _start) throw new WorkerProtocolException("the stream ended inside a message");
                return null;
            }
            _end += read;
        }
    }

    /// <summary>Writes one message and flushes it; a few kilobytes into a pipe its reader drains all the time.</summary>
    public void Write(WorkerMessage message)
    {
        var frame = Frame(message);
        _writeGate.Wait();
        try
        {
            output.Write(frame.Span);
            output.Flush();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task WriteAsync(WorkerMessage message, CancellationToken cancellationToken)
    {
        var frame = Frame(message);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The message's JSON and its newline, written in one call (the JSON escapes every newline inside it).</summary>
    private static ReadOnlyMemory<byte> Frame(WorkerMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, message, WorkerJsonContext.Default.WorkerMessage);
        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    private static WorkerMessage Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line.Span, WorkerJsonContext.Default.WorkerMessage)
                ?? throw new WorkerProtocolException("a null message");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            throw new WorkerProtocolException($"a message that is not valid ({ex.GetType().Name})");
        }
    }

    /// <summary>Moves unread bytes to the front, growing the buffer (up to the limit plus one read) when it is full.</summary>
    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxLineBytes + 64 * 1024));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
