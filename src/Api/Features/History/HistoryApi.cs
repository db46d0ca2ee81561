using System.Text.Json;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.History;

/// <summary>One change on the wire; <c>before</c>/<c>after</c> are the stored row images (database column names, geometry as GeoJSON).</summary>
public sealed record ChangeDto(long Id, string Entity, long EntityId, string? Carrier, string Action, int? KeyId, string? Role,
    DateTimeOffset At, string? RequestId, JsonElement? Before, JsonElement? After);

public sealed record ChangePage(IReadOnlyList<ChangeDto> Items, long NumberMatched, int NumberReturned, IReadOnlyList<Link> Links);

public sealed record HistoryQuery(string? Entity, long? Id, string? Carrier, string? Action, string? From, string? To, int? Limit, int? Offset);

/// <summary>Who changed what and when: the change log, filtered, and each record's own history. Any key may read it.</summary>
public static class HistoryApi
{
    public const int MaxLimit = 1000;

    public static void MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/history", (HttpRequest r, InfraDb db, [AsParameters] HistoryQuery q, CancellationToken ct) => List(r, db, q, ct))
            .RequireAuthorization().WithTags("History").WithName("ListHistory")
            .WithSummary("Change records, newest first: filter by entity (layer), id, carrier, action, from/to (instants), limit, offset.");
        foreach (var layer in Layer.All)
        {
            app.MapGet($"/api/{layer.Name}/{{id:long}}/history", (HttpRequest r, InfraDb db, long id, int? limit, int? offset, CancellationToken ct) =>
                    List(r, db, new HistoryQuery(layer.Name, id, null, null, null, null, limit, offset), ct))
                .RequireAuthorization().WithTags("History").WithName($"History{string.Concat(layer.Name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))}")
                .WithSummary($"Every change to one record of {layer.Name}, newest first.");
        }
    }

    private static async Task<IResult> List(HttpRequest request, InfraDb db, HistoryQuery q, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var limit = q.Limit ?? 100;
        var offset = q.Offset ?? 0;
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(new FieldError("limit", $"limit must be between 1 and {MaxLimit}."));
        }

        if (offset < 0)
        {
            errors.Add(new FieldError("offset", "offset cannot be negative."));
        }

        if (q.Entity is not null && Layer.Find(q.Entity) is null)
        {
            errors.Add(new FieldError("entity", $"entity must be one of {string.Join(", ", Layer.All.Select(l => l.Name))}."));
        }

        var from = AsOfReader.Parse(q.From, errors, "from");
        var to = AsOfReader.Parse(q.To, errors, "to");
        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        short? carrierId = null;
        if (q.Carrier is not null)
        {
            carrierId = carriers.Where(kv => kv.Value == q.Carrier).Select(kv => (short?)kv.Key).FirstOrDefault();
            if (carrierId is null)
            {
                errors.Add(new FieldError("carrier", $"Unknown carrier '{q.Carrier}'. Known: {string.Join(", ", carriers.Values)}."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var rows = db.ChangeRecords.AsNoTracking();
        rows = q.Entity is null ? rows : rows.Where(c => c.Entity == q.Entity);
        rows = q.Id is { } id ? rows.Where(c => c.EntityId == id) : rows;
        rows = carrierId is { } cid ? rows.Where(c => c.CarrierId == cid) : rows;
        rows = q.Action is null ? rows : rows.Where(c => c.Action == q.Action);
        rows = from is { } f ? rows.Where(c => c.At >= f) : rows;
        rows = to is { } t ? rows.Where(c => c.At <= t) : rows;
        var matched = await rows.LongCountAsync(ct);
        var page = await rows.OrderByDescending(c => c.Id).Skip(offset).Take(limit).ToListAsync(ct);
        var items = page.Select(c => new ChangeDto(c.Id, c.Entity, c.EntityId, c.CarrierId is { } k ? carriers.GetValueOrDefault(k) : null, c.Action,
            c.KeyId, c.Role, c.At, c.RequestId, c.Before?.RootElement.Clone(), c.After?.RootElement.Clone())).ToList();
        var links = new List<Link> { new(Url(request, offset), "self", "application/json") };
        if (offset + items.Count < matched)
        {
            links.Add(new Link(Url(request, offset + limit), "next", "application/json", "next page"));
        }

        return TypedResults.Ok(new ChangePage(items, matched, items.Count, links));
    }

    private static string Url(HttpRequest request, int offset)
    {
        var query = request.Query.Where(kv => !kv.Key.Equals("offset", StringComparison.OrdinalIgnoreCase))
            .SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"offset={offset}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}
