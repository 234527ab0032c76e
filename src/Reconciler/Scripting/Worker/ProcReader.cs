using System.Buffers.Text;

namespace GitOpsFleet.Scripting.Worker;

/// <summary>
/// Reads a worker's CPU time and resident memory from /proc into one reused buffer: the host reads them every 50 ms
/// of every evaluation, and text parsing allocated most of a warm evaluation's host-side garbage. One exchange at a
/// time uses it (a worker serves one request at a time).
/// </summary>
internal sealed class ProcReader(int processId)
{
    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    private readonly byte[] _buffer = new byte[1024];
    private readonly string _stat = $"/proc/{processId}/stat";
    private readonly string _statm = $"/proc/{processId}/statm";

    /// <summary>User plus system time (fields 14 and 15 of stat, counted after the command name, which may hold spaces).</summary>
    public TimeSpan? CpuTime()
    {
        var length = Read(_stat);
        if (length <= 0) return null;
        var text = _buffer.AsSpan(0, length);
        var close = text.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= length) return null;
        var rest = text[(close + 2)..];
        return Field(rest, 11) is { } user && Field(rest, 12) is { } system
            ? TimeSpan.FromSeconds((user + system) / (double)ClockTicksPerSecond)
            : null;
    }

    /// <summary>Resident pages (statm's second field) in bytes.</summary>
    public long? ResidentBytes()
    {
        var length = Read(_statm);
        return length > 0 && Field(_buffer.AsSpan(0, length), 1) is { } pages ? pages * Environment.SystemPageSize : null;
    }

    private int Read(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return RandomAccess.Read(handle, _buffer, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long? Field(ReadOnlySpan<byte> text, int index)
    {
        for (var i = 0; i < index; i++)
        {
            var space = text.IndexOf((byte)' ');
            if (space < 0) return null;
            text = text[(space + 1)..];
        }
        return Utf8Parser.TryParse(text, out long value, out _) ? value : null;
    }
}
