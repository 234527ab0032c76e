using GitOpsFleet.Providers.Ansible.Execution;

namespace GitOpsFleet.Providers.Ansible.Tests.Execution;

public sealed class JsonCallbackLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gof-locator").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Find_VirtualEnvironment_LooksInTheSitePackagesOfThePythonInTheShebang()
    {
        var venv = Path.Combine(_root, "venv");
        var plugin = Plugin(Path.Combine(venv, "lib", "python3.12", "site-packages"));
        var playbook = Script(Path.Combine(venv, "bin", "ansible-playbook"), $"#!{Path.Combine(venv, "bin", "python3")}\n");

        Assert.Equal(plugin, JsonCallbackLocator.Find(playbook));
    }

    [Fact]
    public void Find_LinkedPlaybook_ReadsTheShebangOfItsTarget()
    {
        var venv = Path.Combine(_root, "pipx", "venvs", "ansible");
        var plugin = Plugin(Path.Combine(venv, "lib", "python3.13", "site-packages"));
        var target = Script(Path.Combine(venv, "bin", "ansible-playbook"), $"#!{Path.Combine(venv, "bin", "python")}\n");
        var link = Path.Combine(_root, "bin", "ansible-playbook");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);

        Assert.Equal(plugin, JsonCallbackLocator.Find(link));
    }

    [Fact]
    public void Find_WrapperScriptWithoutPython_IsInconclusive()
    {
        Plugin(Path.Combine(_root, "lib", "python3", "dist-packages"));
        var playbook = Script(Path.Combine(_root, "bin", "ansible-playbook"), "#!/bin/sh\nexit 0\n");

        Assert.DoesNotContain(JsonCallbackLocator.SearchRoots(playbook), r => r.StartsWith(_root, StringComparison.Ordinal));
    }

    private static string Plugin(string sitePackages)
    {
        var file = Path.Combine(sitePackages, "ansible_collections", "ansible", "posix", "plugins", "callback", "json.py");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "# stand-in\n");
        return file;
    }

    private static string Script(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
