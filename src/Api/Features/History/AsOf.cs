using System.Globalization;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.History;

/// <summary>
/// Records as they were recorded at an instant of system time, rebuilt from the change log: for each
/// record, the row image of its last change at or before the instant (PostgreSQL turns the JSON back into
/// a row of the table's own type, so the result composes with every other filter like the live table).
/// This is <c>asOf</c>; <c>datetime</c> is different: it filters by the assets' own lifecycle dates.
/// </summary>
public static class AsOfReader
{
    /// <summary>An RFC 3339 instant, or a date meaning the end of that day (UTC). Null when not given.</summary>
    public static DateTimeOffset? Parse(string? text, List<FieldError> errors, string field = "asOf")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        }

        if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        errors.Add(new FieldError(field, $"'{text}' is not an RFC 3339 instant (2026-01-31T08:00:00Z) or a date (the end of that day, UTC)."));
        return null;
    }

    /// <param name="id">
    /// One record's id: its changes are then found through the (entity, entity_id, id) index before any image is rebuilt.
    /// A filter on the rebuilt row's id cannot reach inside, so without this every record of the layer would be rebuilt to
    /// find one (1.8 s for 100,000 routes).
    /// </param>
    public static IQueryable<T> Reconstruct<T>(InfraDb db, Layer<T> layer, DateTimeOffset at, long? id = null) where T : class
    {
        // The table name comes from the layer table (code, not input); the values are parameters. EF Core 10 reads a
        // complex property from raw SQL under its default column names (Lifecycle_PlannedOn …), not the mapped ones: alias them.
        var lifecycle = layer.GeometryColumn is null ? "" :
            """, r.planned_on AS "Lifecycle_PlannedOn", r.construction_started_on AS "Lifecycle_ConstructionStartedOn", r.commissioned_on AS "Lifecycle_CommissionedOn", r.retired_on AS "Lifecycle_RetiredOn" """;
        var sql = $$"""
            SELECT r.*, '0'::xid AS xmin{{lifecycle}}
            FROM (SELECT DISTINCT ON (entity_id) after FROM change_records
                  WHERE entity = {0} AND at <= {1}{{(id is null ? "" : " AND entity_id = {2}")}} ORDER BY entity_id, id DESC) c
            CROSS JOIN LATERAL jsonb_populate_record(NULL::{{layer.Table}}, c.after) r
            WHERE c.after IS NOT NULL
            """;
        return db.Set<T>().FromSqlRaw(sql, id is { } one ? [layer.Name, at, one] : [layer.Name, at]).AsNoTracking();
    }
}
