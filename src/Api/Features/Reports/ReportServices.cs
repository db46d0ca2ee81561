using Infra.Api.Features.Coverage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Infra.Api.Features.Reports;

public static class ReportServices
{
    /// <summary>What the reports need, for the web host and for the CLI's <c>report</c> verb alike.</summary>
    public static IServiceCollection AddInfraReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration("Infra:Reports").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CoverageService>();
        services.TryAddSingleton<ChromiumPdf>();
        services.TryAddSingleton<ReportService>();
        return services;
    }
}
