using Infra.Api.Http;

namespace Infra.Api.Features.Reports;

/// <summary>What a report can be downloaded as.</summary>
public enum ReportFormat
{
    Html = 1,
    Pdf = 2,
    Xlsx = 3,
    Csv = 4,
    GeoJson = 5,
    Gpkg = 6,
}

/// <summary>The language a printed report speaks first: Chinese, or English.</summary>
public enum ReportLanguage
{
    Zh = 1,
    En = 2,
}

public static class ReportFormats
{
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Html => "text/html; charset=utf-8",
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat.Csv => "text/csv; charset=utf-8; header=present",
        ReportFormat.GeoJson => "application/geo+json",
        _ => "application/geopackage+sqlite3",
    };

    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.GeoJson => "geojson",
        _ => WireNames.Of(format),
    };

    /// <summary>Parses <paramref name="text"/> (default html) among the formats a report offers.</summary>
    public static ReportFormat? Parse(string? text, IReadOnlyList<ReportFormat> offered, List<FieldError> errors)
    {
        if (text is null)
        {
            return ReportFormat.Html;
        }

        var format = offered.FirstOrDefault(f => string.Equals(Extension(f), text, StringComparison.OrdinalIgnoreCase));
        if (format == default)
        {
            errors.Add(new FieldError("format", $"'{text}' is not one of {string.Join(", ", offered.Select(Extension))}."));
            return null;
        }

        return format;
    }

    public static ReportLanguage? ParseLanguage(string? text, List<FieldError> errors) => text?.ToLowerInvariant() switch
    {
        null or "zh" or "zh-cn" => ReportLanguage.Zh,
        "en" => ReportLanguage.En,
        _ => Invalid(errors),
    };

    private static ReportLanguage? Invalid(List<FieldError> errors)
    {
        errors.Add(new FieldError("lang", "lang is zh (Chinese, the default) or en."));
        return null;
    }
}
