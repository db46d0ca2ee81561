using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Hosting;
using Infra.Api.Http;
using Infra.Domain.Access;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Infra.Api.Features.Imports;

/// <summary>The multipart form of <c>POST /api/imports</c> (documentation of the wire shape).</summary>
public sealed record ImportForm(IFormFile File, string? Carrier, string? Layer, string? Format, string? Crs, string? Encoding, bool? DryRun,
    bool? RetireMissing, DateOnly? RetireOn, DateOnly? LifecycleDate);

/// <summary>Bulk imports: upload a file, get a job, watch it.</summary>
public static class ImportsApi
{
    public static void MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/imports").WithTags("Imports");
        api.MapPost("/", Start).RequireAuthorization(Policies.Carrier)
            .Accepts<ImportForm>("multipart/form-data").Produces<ImportJobDto>(StatusCodes.Status202Accepted)
            .WithName("StartImport")
            .WithSummary("Import a file (GeoJSON, CSV with WKT or lon/lat, zipped shapefile, GeoPackage, OpenCelliD, OFDS): 202 with a job to watch.")
            .WithDescription("Form fields: file, carrier (required for admins; a carrier key imports only its own), layer, format, crs " +
                $"({Crs.Known}), encoding (utf-8 | gbk), dryRun, retireMissing, retireOn, lifecycleDate. All or nothing; upserts by the carrier's codes.");
        api.MapGet("/{id}", (ImportJobs jobs, string id) => jobs.Find(id) is { } job ? Results.Ok(job) : Problems.NotFound($"There is no import {id}."))
            .RequireAuthorization().WithName("GetImport")
            .WithSummary("An import's status, progress (rows read, validated, written), and its result or a problem listing every bad row.");
    }

    private static async Task<IResult> Start(HttpContext http, InfraDb db, Actor actor, ImportJobs jobs, IOptions<InfraOptions> options, CancellationToken ct)
    {
        var limit = (long)options.Value.ImportMaxSizeMb << 20;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + (1 << 20);
        }

        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary) || !type!.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("file", "Send the file as multipart/form-data with a part named 'file' (curl -F file=@stations.csv -F carrier=cmcc …).");
        }

        var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? path = null, fileName = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && name == "file")
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? "upload";
                    path = Path.Combine(Path.GetTempPath(), $"infra-import-{Guid.NewGuid():N}{Path.GetExtension(fileName)}");
                    if (!await CopyLimitedAsync(section.Body, path, limit, ct))
                    {
                        return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
                            detail: $"file: the limit is {options.Value.ImportMaxSizeMb} MB (Infra:ImportMaxSizeMb). Nothing was written.",
                            extensions: new Dictionary<string, object?> { ["errors"] = new[] { new FieldError("file", $"larger than {options.Value.ImportMaxSizeMb} MB") } });
                    }
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    form[name] = (await text.ReadToEndAsync(ct)).Trim();
                }
            }
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            return Problems.Invalid("file", $"The upload could not be read: {e.Message}");
        }

        var errors = new List<FieldError>();
        if (path is null)
        {
            errors.Add(new FieldError("file", "is required: a part named 'file' with the data."));
        }

        var carrier = form.GetValueOrDefault("carrier");
        if (actor.Role?.Kind == RoleKind.Carrier)
        {
            var own = actor.Role?.CarrierCode;
            if (carrier is not null && carrier.Length > 0 && carrier != own)
            {
                Delete(path);
                return RecordWriter.Forbidden($"This key imports only carrier:{own}'s records, not {carrier}'s.");
            }

            carrier = own;
        }
        else if (string.IsNullOrEmpty(carrier))
        {
            errors.Add(new FieldError("carrier", "is required: the code of the carrier whose records the file holds."));
        }
        else if (!await db.Carriers.AnyAsync(c => c.Code == carrier, ct))
        {
            errors.Add(new FieldError("carrier", $"Unknown carrier '{carrier}'. Known: {string.Join(", ", await db.Carriers.OrderBy(c => c.Id).Select(c => c.Code).ToListAsync(ct))}."));
        }

        var dryRun = Flag(form, "dryRun", errors);
        var retireMissing = Flag(form, "retireMissing", errors);
        var retireOn = form.TryGetValue("retireOn", out var ro) && ro.Length > 0 ? FeatureQuery.ParseDate(ro, "retireOn", errors) : null;
        var lifecycleDate = form.TryGetValue("lifecycleDate", out var ld) && ld.Length > 0 ? FeatureQuery.ParseDate(ld, "lifecycleDate", errors) : null;
        if (errors.Count > 0)
        {
            Delete(path);
            return Problems.Invalid(errors);
        }

        var request = new ImportRequest(path!, fileName!, carrier!, Empty(form, "layer"), Empty(form, "format"), Empty(form, "crs"), Empty(form, "encoding"),
            dryRun, retireMissing, retireOn, lifecycleDate);
        var id = jobs.Start(request, actor.KeyId, actor.Role, actor.CarrierId);
        return TypedResults.Accepted($"/api/imports/{id}", jobs.Find(id));
    }

    private static string? Empty(Dictionary<string, string> form, string key) => form.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    private static bool Flag(Dictionary<string, string> form, string key, List<FieldError> errors)
    {
        if (!form.TryGetValue(key, out var v) || v.Length == 0)
        {
            return false;
        }

        if (bool.TryParse(v, out var b))
        {
            return b;
        }

        errors.Add(new FieldError(key, $"must be true or false (got '{v}')."));
        return false;
    }

    private static async Task<bool> CopyLimitedAsync(Stream source, string path, long limit, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        await using (var file = File.Create(path))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    break;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        if (total > limit)
        {
            File.Delete(path);
            return false;
        }

        return true;
    }

    private static void Delete(string? path)
    {
        if (path is not null)
        {
            File.Delete(path);
        }
    }
}
