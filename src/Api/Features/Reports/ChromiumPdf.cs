using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Infra.Api.Features.Reports;

/// <summary>
/// Prints an HTML file to PDF with headless Chromium (Debian package <c>chromium</c>), so the PDF is exactly
/// the printable HTML. Each print gets a fresh profile, and Chromium is told not to reach the network
/// (no background services, updates, sync or QUIC), which it would otherwise try at every start.
/// </summary>
public sealed class ChromiumPdf(IOptions<ReportOptions> options, ILogger<ChromiumPdf> log)
{
    public const string DebianPackage = "chromium";

    public string ExecutablePath => options.Value.ChromiumPath;

    public bool Available => File.Exists(ExecutablePath);

    public async Task PrintAsync(string htmlPath, string pdfPath, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("infra-chromium-");
        try
        {
            var psi = new ProcessStartInfo(ExecutablePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-default-apps", "--mute-audio", $"--user-data-dir={profile.FullName}", "--no-pdf-header-footer",
                $"--print-to-pdf={pdfPath}", new Uri(htmlPath).AbsoluteUri,
            })
            {
                psi.ArgumentList.Add(arg);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.PdfTimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                ct.ThrowIfCancellationRequested();
                throw new TimeoutException($"Chromium did not print the report within {options.Value.PdfTimeoutSeconds} s (Infra:Reports:PdfTimeoutSeconds).");
            }

            await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0 || !File.Exists(pdfPath) || new FileInfo(pdfPath).Length == 0)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} without printing the report: {errors.Trim()}");
            }

            log.LogInformation("Printed {Html} to PDF ({Bytes} bytes) in {Ms} ms", Path.GetFileName(htmlPath), new FileInfo(pdfPath).Length, clock.ElapsedMilliseconds);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
