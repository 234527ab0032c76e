using Microsoft.Playwright;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>Debian's chromium under Playwright: the dashboard tests never download a browser.</summary>
internal static class LocalChromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>Fails with how to fix it when chromium is missing, and keeps Playwright from fetching a browser of its own.</summary>
    public static async Task<IPlaywright> StartAsync()
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: install Debian's chromium package (apt-get install -y chromium); this test never downloads a browser");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH", System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-playwright-browsers"));
        return await Playwright.CreateAsync();
    }
}
