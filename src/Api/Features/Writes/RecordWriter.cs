using System.Text.Json.Nodes;
using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Infra.Api.Features.Writes;

/// <summary>
/// Every single-record write goes through here: it checks who may write (the handler's 403; row-level
/// security refuses as well), validates through the domain constructors, honours If-Match, saves in one
/// transaction that names the action for history, and announces the change to the caches after commit.
/// </summary>
public sealed class RecordWriter(InfraDb db, Actor actor, RegionBounds region, AssetChanges changes, TimeProvider clock)
{
    public InfraDb Db => db;

    /// <summary>The outcome of a write: the record and its new ETag, or the problem to answer with.</summary>
    public sealed record Outcome<T>(T? Record, uint Version, IResult? Problem);

    public async Task<Outcome<T>> CreateAsync<T>(Layer<T> layer, JsonObject feature, CancellationToken ct) where T : class
    {
        var carriers = await db.Carriers.AsNoTracking().ToListAsync(ct);
        var f = new JsonFields(feature["properties"] as JsonObject);
        var (_, geometry) = FeatureBody.Parse(feature, f, geometryRequired: layer.GeometryColumn is not null);
        var carrier = CarrierFor(f, carriers, owner: null, out var forbidden);
        if (forbidden is not null)
        {
            return new(null, 0, forbidden);
        }

        var record = carrier is null ? null : await BuildAsync(layer, f, geometry, carrier.Id, ct);
        if (record is null || f.Errors.Count > 0)
        {
            return new(null, 0, Problems.Invalid(f.Errors));
        }

        var code = layer.CodeOf(record);
        var taken = await layer.Records(db).AsNoTracking().Where(r => EF.Property<short>(r, "CarrierId") == carrier!.Id && EF.Property<string>(r, "Code") == code)
            .Select(r => EF.Property<long>(r, "Id")).Cast<long?>().FirstOrDefaultAsync(ct);
        if (taken is { } existing)
        {
            return new(null, 0, Conflict("code", $"{carrier!.Code} already has a record with code '{code}' in {layer.Name} (id {existing}); codes are unique per carrier. Update it with PUT/PATCH /api/{layer.Name}/{existing}."));
        }

        db.Add(record);
        var problem = await SaveAsync("create", null, ct);
        if (problem is not null)
        {
            return new(null, 0, problem);
        }

        await PublishAsync(layer, layer.IdOf(record), null, 0, record, ct);
        return new(record, Version(record), null);
    }

    /// <summary>PUT (<paramref name="patch"/> false: the body is the whole feature) or PATCH (a JSON merge patch of the stored feature).</summary>
    public async Task<Outcome<T>> UpdateAsync<T>(Layer<T> layer, long id, JsonObject body, bool patch, FeatureBody.Precondition pre, uint version,
        CancellationToken ct) where T : class
    {
        if (pre == FeatureBody.Precondition.Missing)
        {
            return new(null, 0, TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.",
                detail: "Send the record's ETag in If-Match (GET it first), so a change made meanwhile is not overwritten."));
        }

        var (stored, problem) = await LoadForWriteAsync(layer, id, pre, version, ct);
        if (stored is null)
        {
            return new(null, 0, problem);
        }

        var carriers = await db.Carriers.AsNoTracking().ToListAsync(ct);
        var owner = carriers.Single(c => c.Id == layer.CarrierOf(stored));
        var feature = body;
        if (patch)
        {
            var current = WireJson.ToObject(new Feature<object>(id, await layer.LocateAsync(db, stored, ct), layer.Properties(stored, owner, Today)));
            feature = FeatureBody.MergePatch(current, body) as JsonObject ?? [];
        }

        var f = new JsonFields(feature["properties"] as JsonObject);
        var (_, geometry) = FeatureBody.Parse(feature, f, geometryRequired: layer.GeometryColumn is not null);
        CarrierFor(f, carriers, owner, out _);
        var fresh = await BuildAsync(layer, f, geometry, owner.Id, ct);
        if (fresh is null || f.Errors.Count > 0)
        {
            return new(null, 0, Problems.Invalid(f.Errors));
        }

        var before = await layer.LocateAsync(db, stored, ct);
        var beforeReach = layer.ReachM(stored);
        CopyOnto(stored, fresh, layer.Kept);
        problem = await SaveAsync(patch ? "patch" : "replace", layer.CodeOf(fresh), ct);
        if (problem is not null)
        {
            return new(null, 0, problem);
        }

        await PublishAsync(layer, id, before, beforeReach, stored, ct);
        return new(stored, Version(stored), null);
    }

    /// <summary>A change through a domain method (retire, withdraw, dispute, resolve); If-Match is honoured when sent.</summary>
    public async Task<Outcome<T>> ChangeAsync<T>(Layer<T> layer, long id, string action, FeatureBody.Precondition pre, uint version,
        Action<T> change, bool ownerOnly, CancellationToken ct) where T : class
    {
        var (stored, problem) = await LoadForWriteAsync(layer, id, pre, version, ct, ownerOnly);
        if (stored is null)
        {
            return new(null, 0, problem);
        }

        var before = await layer.LocateAsync(db, stored, ct);
        var beforeReach = layer.ReachM(stored);
        change(stored);
        problem = await SaveAsync(action, null, ct);
        if (problem is not null)
        {
            return new(null, 0, problem);
        }

        await PublishAsync(layer, id, before, beforeReach, action == "withdraw" ? null : stored, ct);
        return new(stored, Version(stored), null);
    }

    public uint Version(object record) => (uint)db.Entry(record).Property("Version").CurrentValue!;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateTimeOffset Now => clock.GetUtcNow();

    private async Task<(T? Record, IResult? Problem)> LoadForWriteAsync<T>(Layer<T> layer, long id, FeatureBody.Precondition pre, uint version,
        CancellationToken ct, bool ownerOnly = true) where T : class
    {
        if (pre == FeatureBody.Precondition.Malformed)
        {
            return (null, Problems.Invalid("If-Match", "If-Match must be an ETag as returned by GET (e.g. \"12345\") or *."));
        }

        var stored = await layer.Records(db).SingleOrDefaultAsync(r => EF.Property<long>(r, "Id") == id, ct);
        if (stored is null)
        {
            return (null, Problems.NotFound($"There is no record {id} in {layer.Name}."));
        }

        if (ownerOnly && actor.Role?.Kind == RoleKind.Carrier && actor.CarrierId != layer.CarrierOf(stored))
        {
            return (null, Forbidden($"Record {id} belongs to another carrier; this key writes only carrier:{actor.Role?.CarrierCode}'s records."));
        }

        if (Withdrawn(stored) is { } at)
        {
            return (null, Conflict("withdrawnAt", $"Record {id} was withdrawn at {at:O} and can no longer change; create a new record."));
        }

        var current = Version(stored);
        if (pre == FeatureBody.Precondition.Version && version != current)
        {
            return (null, Stale(id));
        }

        if (pre == FeatureBody.Precondition.Version)
        {
            db.Entry(stored).Property("Version").OriginalValue = version;
        }

        return (stored, null);
    }

    private static DateTimeOffset? Withdrawn(object record) => record switch
    {
        Domain.Assets.Asset a => a.WithdrawnAt,
        Domain.Filings.ServiceFiling f => f.WithdrawnAt,
        _ => null,
    };

    /// <summary>
    /// The carrier a record belongs to: the key's own for a carrier key, the <c>carrier</c> property for admins.
    /// A carrier key naming another carrier is refused (403); an unknown code is a 400 on <c>carrier</c>.
    /// </summary>
    private Carrier? CarrierFor(Fields f, IReadOnlyList<Carrier> carriers, Carrier? owner, out IResult? forbidden)
    {
        forbidden = null;
        var code = f.Text("carrier", 16);
        var named = code is null ? null : carriers.FirstOrDefault(c => c.Code == code);
        if (code is not null && named is null)
        {
            f.Add("carrier", $"Unknown carrier '{code}'. Known: {string.Join(", ", carriers.OrderBy(c => c.Id).Select(c => c.Code))}.");
            return null;
        }

        if (owner is not null)
        {
            if (named is not null && named.Id != owner.Id)
            {
                f.Add("carrier", $"A record cannot move to another carrier ({owner.Code} → {named.Code}); retire it and let {named.Code} create its own.");
            }

            return owner;
        }

        if (actor.Role?.Kind == RoleKind.Carrier)
        {
            if (named is not null && named.Id != actor.CarrierId)
            {
                forbidden = Forbidden($"This key writes only carrier:{actor.Role?.CarrierCode}'s records, not {named.Code}'s.");
                return null;
            }

            return carriers.Single(c => c.Id == actor.CarrierId);
        }

        if (named is null)
        {
            f.Add("carrier", $"is required for an {actor.SessionRole} key: the code of the carrier that owns the record ({string.Join(", ", carriers.OrderBy(c => c.Id).Select(c => c.Code))}).");
        }

        return named;
    }

    private async Task<T?> BuildAsync<T>(Layer<T> layer, Fields f, Geometry? geometry, short carrierId, CancellationToken ct) where T : class
    {
        var record = layer.TryBuild(f, geometry, carrierId);
        if (record is null)
        {
            return null;
        }

        if (record is Domain.Filings.ServiceFiling filing && !await db.Villages.AnyAsync(v => v.Code == filing.VillageCode, ct))
        {
            f.Add("villageCode", $"There is no village '{filing.VillageCode}' in the region.");
            return null;
        }

        if (layer.GeometryColumn is not null)
        {
            RegionBounds.Check(await region.GetAsync(ct), geometry!, f);
        }

        return f.Errors.Count == 0 ? record : null;
    }

    private void CopyOnto<T>(T target, T source, IReadOnlySet<string> kept) where T : class
    {
        var to = db.Entry(target);
        var from = db.Entry(source);
        foreach (var p in to.Metadata.GetProperties())
        {
            if (!kept.Contains(p.Name) && !p.IsShadowProperty() && p.ValueGenerated == ValueGenerated.Never)
            {
                to.Property(p.Name).CurrentValue = from.Property(p.Name).CurrentValue;
            }
        }

        foreach (var c in to.Metadata.GetComplexProperties())
        {
            to.ComplexProperty(c.Name).CurrentValue = from.ComplexProperty(c.Name).CurrentValue;
        }
    }

    /// <summary>Saves in a transaction that tells the history trigger what this is; maps database refusals to problems.</summary>
    private async Task<IResult?> SaveAsync(string action, string? code, CancellationToken ct)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT set_config('infra.action', {0}, true)", [action], ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale(null);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or
            PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation } pg)
        {
            db.ChangeTracker.Clear();
            return pg.SqlState switch
            {
                PostgresErrorCodes.UniqueViolation => Conflict("code", $"The carrier already has a record with code '{code}' in this layer."),
                PostgresErrorCodes.InsufficientPrivilege => Forbidden($"The database refused the write (row-level security): {pg.MessageText}"),
                PostgresErrorCodes.ForeignKeyViolation => Problems.Invalid("villageCode", $"A referenced record does not exist: {pg.MessageText}"),
                _ => Problems.Invalid(pg.ConstraintName ?? "body", $"The database refused the values: {pg.MessageText}"),
            };
        }
    }

    private async Task PublishAsync<T>(Layer<T> layer, long id, Geometry? before, double beforeReach, T? after, CancellationToken ct) where T : class
    {
        var afterGeometry = after is null ? null : await layer.LocateAsync(db, after, ct);
        changes.Publish([new AssetChange(layer.Name, id, before?.EnvelopeInternal, afterGeometry?.EnvelopeInternal,
            Math.Max(beforeReach, after is null ? 0 : layer.ReachM(after)))]);
    }

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult Conflict(string field, string message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: $"{field}: {message}",
            extensions: new Dictionary<string, object?> { ["errors"] = new[] { new FieldError(field, message) } });

    private static IResult Stale(long? id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The record has changed.",
            detail: $"Record {id} was changed since the ETag in If-Match was issued; GET it again, reapply your change and send the new ETag. Nothing was written.");
}
