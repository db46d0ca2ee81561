using System.Globalization;
using Infra.Domain.Assets;
using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Api.Http;

/// <summary>
/// The filters every feature list takes, named as OGC API – Features names them: <c>limit</c>,
/// <c>offset</c>, <c>bbox</c> (minLon,minLat,maxLon,maxLat, WGS 84), <c>datetime</c> (a date or an instant:
/// the as-of date), plus <c>carrier</c> and <c>status</c> for assets.
/// </summary>
public sealed record FeatureQuery(int? Limit, int? Offset, string? Bbox, string? Datetime, string? Carrier, string? Status)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    /// <summary>Parses and checks every filter; the first list is empty when all are valid.</summary>
    public (List<FieldError> Errors, Parsed Value) Parse()
    {
        var errors = new List<FieldError>();
        var limit = Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(new FieldError("limit", $"limit must be between 1 and {MaxLimit}."));
        }

        var offset = Offset ?? 0;
        if (offset < 0)
        {
            errors.Add(new FieldError("offset", "offset cannot be negative."));
        }

        Polygon? box = null;
        if (Bbox is not null)
        {
            box = ParseBbox(Bbox, errors);
        }

        DateOnly? asOf = null;
        if (Datetime is not null)
        {
            asOf = ParseDate(Datetime, "datetime", errors);
        }

        AssetStatus? status = null;
        if (Status is not null)
        {
            if (Enum.TryParse<AssetStatus>(Status.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                status = s;
            }
            else
            {
                errors.Add(new FieldError("status", $"status must be one of planned, under_construction, in_service, retired (got '{Status}')."));
            }
        }

        return (errors, new Parsed(limit, offset, box, asOf, Carrier, status));
    }

    /// <summary>A date (2005-12-31) or an RFC 3339 instant, whose date part is used. OGC intervals are refused: one as-of date.</summary>
    public static DateOnly? ParseDate(string text, string field, List<FieldError> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && text.Contains('T', StringComparison.Ordinal))
        {
            return DateOnly.FromDateTime(instant.UtcDateTime);
        }

        errors.Add(new FieldError(field, $"'{text}' is not a date (YYYY-MM-DD) or an RFC 3339 date-time; intervals are not supported, give one as-of date."));
        return null;
    }

    private static Polygon? ParseBbox(string text, List<FieldError> errors)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        var ok = parts.Length == 4;
        for (var i = 0; ok && i < 4; i++)
        {
            ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i]);
        }

        if (!ok)
        {
            errors.Add(new FieldError("bbox", "bbox must be four numbers: minLon,minLat,maxLon,maxLat (WGS 84)."));
            return null;
        }

        var (minX, minY, maxX, maxY) = (values[0], values[1], values[2], values[3]);
        if (minX is < -180 or > 180 || maxX is < -180 or > 180 || minY is < -90 or > 90 || maxY is < -90 or > 90)
        {
            errors.Add(new FieldError("bbox", "bbox coordinates are outside lon [-180, 180] / lat [-90, 90]; is it lat/lon instead of lon/lat?"));
            return null;
        }

        if (minX > maxX || minY > maxY)
        {
            errors.Add(new FieldError("bbox", "bbox minimum is greater than its maximum (antimeridian-crossing boxes are not supported)."));
            return null;
        }

        return (Polygon)Wgs84.Factory.ToGeometry(new Envelope(minX, maxX, minY, maxY));
    }

    public sealed record Parsed(int Limit, int Offset, Polygon? Bbox, DateOnly? AsOf, string? Carrier, AssetStatus? Status);
}
