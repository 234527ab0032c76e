using System.Diagnostics;
using GitOpsFleet.Model;
using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

/// <summary>Validating a plain folder (not a git repository) through <see cref="InMemorySnapshot.FromDirectory"/>.</summary>
public sealed class FolderSnapshotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitopsfleet-folder-").FullName;

    public FolderSnapshotTests()
    {
        File.WriteAllText(Path.Combine(_root, "fleet.yaml"), FleetYaml);
        Directory.CreateDirectory(Path.Combine(_root, "pools"));
        File.WriteAllText(Path.Combine(_root, "pools", "rpc.yaml"), Pool());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string At(string relative) => Path.Combine(_root, relative);

    /// <summary>FromDirectory on a thread, so a test fails rather than hangs if a pipe or device is ever opened.</summary>
    private InMemorySnapshot Read()
    {
        var task = Task.Run(() => InMemorySnapshot.FromDirectory(_root));
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "reading the folder did not finish");
        return task.Result;
    }

    [Fact]
    public void Load_PoolLinksToPasswdAndDevZero_AreRefusedWithoutReading()
    {
        File.CreateSymbolicLink(At("pools/passwd.yaml"), "/etc/passwd");
        File.CreateSymbolicLink(At("pools/zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(At("notes.txt"), "/etc/passwd");

        var snapshot = Read();
        var result = new FleetLoader().Load(snapshot);

        Assert.Null(snapshot.ReadBytes("pools/passwd.yaml"));
        Assert.Null(snapshot.ReadBytes("pools/zero.yaml"));
        Assert.Null(snapshot.ReadBytes("notes.txt"));
        Assert.Equal(
        [
            "notes.txt: warning FLEET028: a symbolic link (to /etc/passwd); links are not followed, so it was not read",
            "pools/passwd.yaml: error FLEET028: a symbolic link (to /etc/passwd); links are not followed, so it was not read",
            "pools/zero.yaml: error FLEET028: a symbolic link (to /dev/zero); links are not followed, so it was not read",
        ], Lines(result));
        Assert.Null(result.Fleet);
    }

    [Fact]
    public void Load_FifoWherePoolFileBelongs_IsRefusedWithoutOpeningIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the file type is read with statx(2); elsewhere a zero-length entry is simply never opened
        }
        using (var mkfifo = Process.Start("mkfifo", At("pools/pipe.yaml")))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var result = new FleetLoader().Load(Read());

        Assert.Equal(["pools/pipe.yaml: error FLEET028: a device, pipe or socket, not a regular file; it was not read"], Lines(result));
    }

    [Fact]
    public void Load_FileOverTheSizeLimitInFolder_IsNotRead()
    {
        File.WriteAllText(At("pools/big.yaml"), "# " + new string('x', 2 * 1024 * 1024) + "\n");

        var snapshot = Read();
        var result = new FleetLoader().Load(snapshot);

        Assert.Null(snapshot.ReadBytes("pools/big.yaml"));
        Assert.Equal([$"pools/big.yaml: error FLEET022: the file is {2 * 1024 * 1024 + 3} bytes, over the size limit; it was not read"], Lines(result));
    }

    [Fact]
    public void Load_NonUtf8Byte_IsLocatedByLineAndColumn()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Pool().Replace("name: rpc", "name: rpé-X"));
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        File.WriteAllBytes(At("pools/rpc.yaml"), bytes);

        var result = new FleetLoader().Load(Read());

        Assert.Equal(["pools/rpc.yaml:4:13: error FLEET027: the file is not valid UTF-8 (byte 0xFF); save it as UTF-8"], Lines(result));
    }

    [Fact]
    public void Load_DirectoryWherePoolFileBelongs_Warns()
    {
        Directory.CreateDirectory(At("pools/empty.yaml"));
        Directory.CreateDirectory(At("pools/full.yml"));
        File.WriteAllText(At("pools/full.yml/inner.yaml"), Pool("inner"));

        var result = new FleetLoader().Load(Read());

        Assert.True(result.Succeeded);
        Assert.Equal(
        [
            "pools/empty.yaml: warning FLEET029: a folder where a file belongs; it is ignored (fleet.yaml and pool files are files, directly in the fleet's folder and in pools/)",
            "pools/full.yml: warning FLEET029: a folder where a file belongs; it is ignored (fleet.yaml and pool files are files, directly in the fleet's folder and in pools/)",
        ], Lines(result));
        Assert.Single(result.Fleet!.Pools);
    }

    [Fact]
    public void Load_DirectoryWherePoolFileBelongsInAnySnapshot_Warns()
    {
        var result = Load(WithFleet(("pools/rpc.yaml", Pool()), ("pools/x.yaml/readme.md", "hello")));

        Assert.Equal(
            ["pools/x.yaml: warning FLEET029: a folder where a file belongs; it is ignored (fleet.yaml and pool files are files, directly in the fleet's folder and in pools/)"],
            Lines(result));
    }
}
