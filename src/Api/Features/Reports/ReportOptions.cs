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
    /// The most village rows a PDF may hold. Chromium lays out the whole document in memory before it prints:
    /// measured here (docs/PERFORMANCE.md), 11,701 rows (327 pages) took 61 s and 1 GB in Chromium, so 30,000
    /// rows is some 2.5 minutes and 2.5 GB, and a national list of millions would never print. Larger lists are
    /// refused with a 413 that points to a county or to xlsx, csv, geojson or gpkg.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPdfRows { get; set; } = 30_000;
}
