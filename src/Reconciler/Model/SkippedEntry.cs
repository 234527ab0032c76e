namespace GitOpsFleet.Model;

/// <summary>Why a snapshot saw an entry but did not offer it as a file.</summary>
public enum SkipReason
{
    /// <summary>Never followed: a link could lead anywhere on the machine (/etc/passwd, /dev/zero); in a Git tree its blob is only the target's name.</summary>
    SymbolicLink,

    /// <summary>A device, pipe or socket: reading one may never end (/dev/zero) or block forever (a FIFO).</summary>
    SpecialFile,

    /// <summary>Larger than the snapshot's read limit; not read at all.</summary>
    TooLarge,

    /// <summary>A folder named like a YAML file (pools/x.yaml/), where an author most likely meant a file. Its files are still read.</summary>
    DirectoryNamedLikeFile,

    /// <summary>A Git submodule: a commit of another repository, whose files a run never reads.</summary>
    Submodule,
}

/// <summary>An entry a snapshot did not read as a file, reported by the loader.</summary>
/// <param name="Detail">The link's target, or the size in bytes of a file too large; empty otherwise.</param>
public sealed record SkippedEntry(string Path, SkipReason Reason, string Detail);
