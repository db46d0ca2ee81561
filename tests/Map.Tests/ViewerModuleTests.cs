using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Infra.Map.Tests;

/// <summary>
/// The viewer's pure modules (footprints on the ellipsoid, the numbers compared, the URL state) under Node's own test runner,
/// so `./infra test` runs them; the build has already run `npm ci` in src/Map/web, which brings their one dependency.
/// </summary>
public class ViewerModuleTests
{
    [Fact]
    public async Task The_viewers_node_tests_pass()
    {
        var web = WebDir();
        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=tap", "test/"])
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var tap = await output;
        Assert.True(process.ExitCode == 0, $"node --test failed in {web}:\n{tap}\n{await errors}");
        Assert.Matches(@"(?m)^# pass [1-9]\d*$", tap);
        Assert.Matches(@"(?m)^# fail 0$", tap);
    }

    private static string WebDir([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "src", "Map", "web"));
}
