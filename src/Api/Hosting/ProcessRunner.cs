using System.Diagnostics;
using System.Text;

namespace Infra.Api.Hosting;

/// <summary>Runs a program to completion and fails loudly, with its output, when it fails.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, string? asUser = null)
    {
        var psi = new ProcessStartInfo
        {
            FileName = asUser is null ? file : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asUser is not null)
        {
            foreach (var a in new[] { "-u", asUser, "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append($"{Path.GetFileName(file)} exited with code {process.ExitCode}: ")
                .Append((await stderr).Trim()).Append(' ').Append(output.Trim());
            throw new InvalidOperationException(message.ToString().Trim());
        }

        return output;
    }

    public static bool IsRoot => Environment.UserName == "root" || GetEuid() == 0;

    private static uint GetEuid()
    {
        try
        {
            return geteuid();
        }
        catch (DllNotFoundException)
        {
            return uint.MaxValue;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
