using System.ComponentModel.DataAnnotations;

namespace Infra.Api.Features.Reports;

/// <summary>Settings under <c>Infra:Reports:</c> (environment: <c>Infra__Reports__ChromiumPath</c> …).</summary>
public sealed class ReportOptions
{
    /// <summary>The headless Chromium that prints PDFs (Debian package <c>chromium</c>).</summary>
    [Required]
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>How long one PDF may take to print before it is abandoned.</summary>
    [Range(1, 3600)]
    public int PdfTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// The most village rows a PDF may hold. Chromium lays out the whole document in memory before it prints;
    /// measured here (docs/PERFORMANCE.md) 20,000 rows print in well under a minute, and a national list of
    /// millions never would. Larger lists are refused with a 413 that points to xlsx, csv or a narrower scope.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPdfRows { get; set; } = 30_000;
}
