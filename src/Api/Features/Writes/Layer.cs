using System.Text.Json.Nodes;
using Infra.Api.Data;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using static Infra.Api.Data.CopyRows;

namespace Infra.Api.Features.Writes;

/// <summary>
/// What the write side, imports and exports need to know about one layer: its names, how a record is
/// built from a sender's fields (always through the domain constructor, so every invariant is checked the
/// same way for the API and for files), how it is shown on the wire, and how it is written by binary COPY.
/// </summary>
public abstract class Layer
{
    /// <summary>The wire name: base-stations, fiber-routes, switching-nodes, access-points, transmitters, service-filings.</summary>
    public abstract string Name { get; }

    public abstract string Table { get; }

    /// <summary>The geometry column, or null for filings (whose geometry is their village's point).</summary>
    public abstract string? GeometryColumn { get; }

    /// <summary>The columns a file can set, in COPY order.</summary>
    public abstract string Columns { get; }

    /// <summary>The columns an import's merge overwrites on an existing record (the rest, such as disputes, are not the sender's).</summary>
    public virtual string MergeColumns => Columns;

    /// <summary>The fields a file or body may carry, in export order (after code, carrier and geometry).</summary>
    public abstract IReadOnlyList<string> FieldNames { get; }

    public static IReadOnlyList<Layer> All { get; } =
        [Layers.BaseStations, Layers.FiberRoutes, Layers.SwitchingNodes, Layers.AccessPoints, Layers.Transmitters, Layers.ServiceFilings];

    public static Layer? Find(string? name) => All.FirstOrDefault(l => l.Name == name);

    public const string LifeColumns = "planned_on, construction_started_on, commissioned_on, retired_on";

    /// <summary>SQL for the geometry of a stored row image <paramref name="json"/> (jsonb), for announcing bulk changes.</summary>
    public virtual string GeometrySql(string json) => $"ST_GeomFromGeoJSON({json}->'{GeometryColumn}')";

    /// <summary>SQL for the geometry of a live row <paramref name="alias"/> of the layer's table.</summary>
    public virtual string LiveGeometrySql(string alias) => $"{alias}.{GeometryColumn}";

    /// <summary>
    /// How far, in degrees, a stored position may be from a file's and still count as the same: 1e-7° is 1.1 cm north–south
    /// and 0.9 cm east–west here. A file that went through another CRS and back (a carrier's QGIS project in EPSG:4547 or
    /// 3857; PROJ writing, ProjNet reading) comes back 1e-9 to 1e-8° off, and an exact comparison made every record of such
    /// a re-import a change with a history entry; no record of this network is surveyed to the centimetre.
    /// </summary>
    public const double SamePositionDegrees = 1e-7;

    /// <summary>
    /// SQL condition: geometries <paramref name="a"/> and <paramref name="b"/> are the same within <see cref="SamePositionDegrees"/>:
    /// equal, or of the same type and vertex count, starting at the same point (a reversed route is a change) and nowhere
    /// further apart (Hausdorff distance; for points, the distance). The exact test comes first, so an unchanged re-import pays nothing more.
    /// </summary>
    public static string SameGeometrySql(string a, string b)
    {
        var within = SamePositionDegrees.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return $"({a} = {b} OR (GeometryType({a}) = GeometryType({b}) AND ST_NPoints({a}) = ST_NPoints({b}) " +
            $"AND ST_DWithin(ST_StartPoint({a}), ST_StartPoint({b}), {within}) AND ST_HausdorffDistance({a}, {b}) <= {within}))";
    }

    /// <summary>SQL for how far from its geometry a row image can change coverage, metres.</summary>
    public abstract string ReachSql(string json);

    /// <summary>SQL condition: the row may be retired on @day by an import that no longer lists it.</summary>
    public virtual string RetirableSql => "t.retired_on IS NULL AND t.commissioned_on <= @day";

    public virtual string RetireSetSql => "retired_on = @day";

    public abstract Task<Imports.ImportResult> ImportAsync(Imports.Importer importer, Imports.ImportPlan plan, CancellationToken ct);
}

public abstract class Layer<T> : Layer where T : class
{
    /// <summary>Every record, withdrawn ones included.</summary>
    public abstract IQueryable<T> Records(InfraDb db);

    public abstract long IdOf(T record);

    public abstract short CarrierOf(T record);

    public abstract string CodeOf(T record);

    /// <summary>Builds a record from fields through the domain constructor; null (with errors in <paramref name="f"/>) when it cannot.</summary>
    public T? TryBuild(Fields f, Geometry? geometry, short carrierId)
    {
        try
        {
            var record = Build(f, geometry is null ? null : Flat.Of(geometry), carrierId);
            return f.Errors.Count == 0 ? record : null;
        }
        catch (DomainException e)
        {
            f.Add(e.Field, e.Message);
            return null;
        }
    }

    protected abstract T? Build(Fields f, Geometry? geometry, short carrierId);

    /// <summary>The record's properties on the wire (the DTO the read side returns).</summary>
    public abstract object Properties(T record, Carrier carrier, DateOnly asOf);

    public abstract Task<Geometry?> LocateAsync(InfraDb db, T record, CancellationToken ct);

    /// <summary>How far from its geometry the record can change coverage, metres (for cache invalidation).</summary>
    public abstract double ReachM(T record);

    public abstract void Write(NpgsqlBinaryImporter w, T record);

    public override Task<Imports.ImportResult> ImportAsync(Imports.Importer importer, Imports.ImportPlan plan, CancellationToken ct) =>
        importer.RunAsync(this, plan, ct);

    /// <summary>Properties EF must not copy from a rebuilt record onto the stored one on replace/patch.</summary>
    public virtual IReadOnlySet<string> Kept { get; } = new HashSet<string> { "Id", "CarrierId", "WithdrawnAt", "WithdrawnReason" };

    protected static string? Code(Fields f)
    {
        var code = f.Text("code", 64);
        if (code is null && !f.Errors.Exists(e => e.Field == "code"))
        {
            f.Add("code", "is required: the carrier's own code for the record (imports upsert by it).");
        }

        return code;
    }

    protected static void Carrier(NpgsqlBinaryImporter w, short carrierId) => w.Write(carrierId, NpgsqlDbType.Smallint);
}

/// <summary>What the five asset layers share: code, name, lifecycle, one geometry.</summary>
public abstract class AssetLayer<T> : Layer<T> where T : Asset
{
    protected static CoverageOptions Coverage => CoverageOptions.Default;

    public override long IdOf(T record) => record.Id;

    public override short CarrierOf(T record) => record.CarrierId;

    public override string CodeOf(T record) => record.Code;

    public abstract Geometry GeometryOf(T record);

    public override Task<Geometry?> LocateAsync(InfraDb db, T record, CancellationToken ct) => Task.FromResult<Geometry?>(GeometryOf(record));

    protected sealed record Common(string? Code, string? Name, DateOnly? Planned, DateOnly? Started, DateOnly? Commissioned, DateOnly? Retired)
    {
        public Lifecycle Lifecycle => new(Planned, Started, Commissioned, Retired);
    }

    protected static Common Read(Fields f) => new(Code(f), f.Text("name"), f.Date("plannedOn"), f.Date("constructionStartedOn"),
        f.Date("commissionedOn"), f.Date("retiredOn"));

    protected static readonly string[] CommonFields = ["name", "plannedOn", "constructionStartedOn", "commissionedOn", "retiredOn"];

    protected static Point? AsPoint(Fields f, Geometry? g)
    {
        switch (g)
        {
            case null:
                f.Add("geometry", "is required (a Point, WGS 84 lon/lat).");
                return null;
            case Point p:
                return p;
            case MultiPoint { NumGeometries: 1 } mp:
                return (Point)mp.GetGeometryN(0);
            default:
                f.Add("geometry", $"must be a Point (got {g.GeometryType}).");
                return null;
        }
    }

    protected static void WriteAsset(NpgsqlBinaryImporter w, Asset a)
    {
        Carrier(w, a.CarrierId);
        w.Write(a.Code);
        WriteNullable(w, a.Name);
        WriteNullable(w, a.Lifecycle.PlannedOn);
        WriteNullable(w, a.Lifecycle.ConstructionStartedOn);
        WriteNullable(w, a.Lifecycle.CommissionedOn);
        WriteNullable(w, a.Lifecycle.RetiredOn);
    }

    protected static JsonNode? Node(Fields f, string name) => f.Json(name);
}

/// <summary>
/// Stored geometries are 2D (the columns are <c>geometry(Point,4326)</c>, not PointZ): a height or measure a
/// file carries (GeoJSON's third position, a PointZ shapefile, a GeoPackage Z) is not part of the record.
/// </summary>
public static class Flat
{
    public static Geometry Of(Geometry g)
    {
        var seq = g switch
        {
            Point p => p.CoordinateSequence,
            LineString l => l.CoordinateSequence,
            _ => null,
        };
        if (seq is null || (seq.Dimension == 2 && seq.Measures == 0))
        {
            return g;
        }

        return new Dropper().Transform(g);
    }

    private sealed class Dropper : NetTopologySuite.Geometries.Utilities.GeometryTransformer
    {
        protected override CoordinateSequence TransformCoordinates(CoordinateSequence coords, Geometry parent)
        {
            var xy = Domain.Geo.Wgs84.Factory.CoordinateSequenceFactory.Create(coords.Count, 2, 0);
            for (var i = 0; i < coords.Count; i++)
            {
                xy.SetX(i, coords.GetX(i));
                xy.SetY(i, coords.GetY(i));
            }

            return xy;
        }
    }
}
