using System.Diagnostics;
using Xunit;

namespace Infra.TestSupport;

/// <summary>Real command-line clients the tests drive (GDAL's ogrinfo and ogr2ogr).</summary>
public static class Tools
{
    /// <summary>Runs <paramref name="tool"/> and returns its standard output; fails the test, with its standard error, when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
