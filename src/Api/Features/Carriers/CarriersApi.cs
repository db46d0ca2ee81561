using Infra.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Carriers;

public sealed record CarrierDto(short Id, string Code, string Name, string ShortName, string NameEn);

public static class CarriersApi
{
    public static void MapCarriersApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/carriers", async (InfraDb db, CancellationToken ct) =>
                TypedResults.Ok(await db.Carriers.AsNoTracking().OrderBy(c => c.Id)
                    .Select(c => new CarrierDto(c.Id, c.Code, c.Name, c.ShortName, c.NameEn)).ToListAsync(ct)))
            .WithTags("Carriers").WithName("ListCarriers").WithSummary("The carriers (网通, 电信, 移动, 联通, 铁通, 广电).");
}
