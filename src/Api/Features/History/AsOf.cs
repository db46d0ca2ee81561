using System.Collections.Concurrent;
using System.Globalization;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Infra.Api.Features.History;

/// <summary>
/// Records as they were recorded at an instant of system time, rebuilt from the change log: for each
/// record, the row image of its last change at or before the instant, read back column by column into the table's own
/// types (so the result composes with every other filter like the live table).
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

    public static IQueryable<T> Reconstruct<T>(InfraDb db, Layer<T> layer, DateTimeOffset at) where T : class
    {
        // The table name and the columns come from the layer and the model (code, not input); the values are parameters.
        var sql = $$"""
            SELECT c.entity_id AS id, {{ImageColumns(db, typeof(T))}}, '0'::xid AS xmin
            FROM (SELECT DISTINCT ON (entity_id) entity_id, after FROM change_records
                  WHERE entity = {0} AND at <= {1} ORDER BY entity_id, id DESC) c
            WHERE c.after IS NOT NULL
            """;
        return db.Set<T>().FromSqlRaw(sql, layer.Name, at).AsNoTracking();
    }

    private static readonly ConcurrentDictionary<Type, string> Images = new();

    /// <summary>
    /// Every mapped column of the entity read from the image, <c>(c.after->>'code')::character varying(64) AS code</c>: the
    /// text the column's type takes as input, as <c>jsonb_populate_record</c> would convert it (a geometry's GeoJSON too).
    /// Column by column rather than the whole row because a column is then converted only where a query uses it: a count
    /// reads one field per record, a page converts its own rows only (measured on 100,000 routes: count 1.6 s → 0.16 s,
    /// page of 100 1.7 s → 0.14 s). The id is the change log's <c>entity_id</c>, so order and filters by id reach the index:
    /// PostgreSQL pushes <c>id = …</c> into the DISTINCT ON, and one record's changes are found through (entity, entity_id, id).
    /// EF Core 10 reads a complex property from raw SQL under its default names (Lifecycle_PlannedOn …): both are given.
    /// </summary>
    private static string ImageColumns(InfraDb db, Type clr) => Images.GetOrAdd(clr, _ =>
    {
        var entity = db.Model.FindEntityType(clr) ?? throw new InvalidOperationException($"{clr.Name} is not in the model.");
        static string Read(IReadOnlyProperty p, string alias) =>
            $"(c.after->>'{p.GetColumnName()}')::{p.GetColumnType()} AS \"{alias}\"";
        var columns = entity.GetProperties().Where(p => p.GetColumnName() is not ("id" or "xmin")).Select(p => Read(p, p.GetColumnName()))
            .Concat(entity.GetComplexProperties().SelectMany(complex => complex.ComplexType.GetProperties()
                .SelectMany(p => new[] { Read(p, p.GetColumnName()), Read(p, $"{complex.Name}_{p.Name}") })));
        return string.Join(", ", columns);
    });
}
