using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Api.Features.Reports;

/// <summary>
/// The county map a printed report carries: a PNG of the county on the date with the villages lacking the
/// service highlighted, drawn by the server-side map renderer. The reports ask for it through this one seam
/// because the renderer lives in src/Map; where no renderer is registered the report leaves the map out
/// rather than print a stand-in.
/// </summary>
public interface IReportMap
{
    /// <summary>The county's map as PNG bytes, or null when the renderer has nothing to draw.</summary>
    Task<byte[]?> RenderCountyAsync(County county, Service service, DateOnly asOf, ReportLanguage language, CancellationToken ct);
}
