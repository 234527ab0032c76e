using System.Runtime.Versioning;
using GitOpsFleet.Providers.Ansible.Execution;

namespace GitOpsFleet.Providers.Ansible.Tests.Execution;

[SupportedOSPlatform("linux")]
public sealed class RunWorkspaceTests
{
    [Fact]
    public void Workspace_IsPrivate_AndGoneAfterDispose()
    {
        string folder, file;
        using (var workspace = RunWorkspace.Create(null))
        {
            folder = workspace.Path;
            file = workspace.WriteFile("vars.json", "{}"u8);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.False(Directory.Exists(folder));
    }
}
