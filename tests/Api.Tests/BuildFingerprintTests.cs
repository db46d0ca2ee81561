using System.Diagnostics;

namespace Infra.Api.Tests;

/// <summary>
/// <c>./infra</c> publishes the app again only when <c>app_inputs</c> (scripts/lib.sh) changes: a change it missed would run
/// stale code, so every kind of change to a source must move it, and build output must not.
/// </summary>
public class BuildFingerprintTests : IDisposable
{
    private readonly string _repo = Path.Combine(Path.GetTempPath(), $"infra-inputs-{Guid.NewGuid():N}");

    public BuildFingerprintTests()
    {
        var lib = Path.Combine(RepositoryRoot(), "scripts", "lib.sh");
        Write("scripts/lib.sh", File.ReadAllText(lib));
        Write("src/Api/Program.cs", "return 0;");
        Write("src/Map/web/src/viewer.js", "export {};");
        Write("geodata/villages.csv", "code,name\n411702001,驿城\n");
        Write("Directory.Build.props", "<Project />");
    }

    public void Dispose()
    {
        Directory.Delete(_repo, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Any_change_to_a_source_or_build_setting_changes_the_fingerprint()
    {
        var changes = new (string What, Action Change)[]
        {
            ("a source edited", () => Write("src/Api/Program.cs", "return 1;")),
            ("a source's time set back, same size", () => File.SetLastWriteTimeUtc(Path.Combine(_repo, "src/Api/Program.cs"), new DateTime(2020, 1, 1))),
            ("a source added", () => Write("src/Domain/New.cs", "class New;")),
            ("a source deleted", () => File.Delete(Path.Combine(_repo, "src/Domain/New.cs"))),
            ("the viewer's source edited", () => Write("src/Map/web/src/viewer.js", "export { x };")),
            ("region data edited", () => Write("geodata/villages.csv", "code,name\n")),
            ("a root build setting edited", () => Write("Directory.Build.props", "<Project><PropertyGroup /></Project>")),
            ("a root build setting added", () => Write("global.json", "{}")),
        };
        var previous = await FingerprintAsync();
        foreach (var (what, change) in changes)
        {
            change();
            var now = await FingerprintAsync();
            Assert.True(now != previous, $"{what}: the fingerprint did not change");
            previous = now;
        }
    }

    [Fact]
    public async Task Build_output_and_npm_packages_leave_the_fingerprint_alone()
    {
        var before = await FingerprintAsync();
        Write("src/Api/bin/app/Infra.Api.dll", "x");
        Write("src/Api/obj/project.assets.json", "{}");
        Write("src/Map/web/node_modules/maplibre-gl/package.json", "{}");
        Write("src/Map/web/dist/viewer.js", "bundle");
        Write("docs/NOTES.md", "not an input of the app");
        Assert.Equal(before, await FingerprintAsync());
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(_repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private async Task<string> FingerprintAsync()
    {
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail; source scripts/lib.sh; app_inputs"])
        {
            WorkingDirectory = _repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(bash.ExitCode == 0, $"app_inputs failed: {errors}");
        Assert.Matches("^[0-9a-f]{40}$", output.Trim());
        return output.Trim();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "lib.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/lib.sh not found above " + AppContext.BaseDirectory);
    }
}
