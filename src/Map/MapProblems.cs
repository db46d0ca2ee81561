using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Infra.Map;

/// <summary>RFC 9457 problems in the shape the Api uses (<c>errors: [{field, message}]</c>), for the map's endpoints.</summary>
public static class MapProblems
{
    public sealed record FieldError(string Field, string Message);

    public static ProblemHttpResult Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) => TypedResults.Problem(
        title: "The request is not valid.",
        detail: errors.Count == 1 ? $"{errors[0].Field}: {errors[0].Message}" : $"{errors.Count} fields are not valid; see errors.",
        statusCode: StatusCodes.Status400BadRequest,
        type: "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
        extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult UnknownLayer(string layer) => TypedResults.Problem(
        title: "Not found.", statusCode: StatusCodes.Status404NotFound,
        detail: $"There is no map layer '{layer}'. Layers: {string.Join(", ", Tiles.TileLayers.All.Select(l => l.Name))}.");

    /// <summary>The as-of date (YYYY-MM-DD), today when absent.</summary>
    public static DateOnly ParseAsOf(string? text, TimeProvider clock, out ProblemHttpResult? problem)
    {
        problem = null;
        if (text is null)
        {
            return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problem = Invalid("asOf", $"'{text}' is not a date (YYYY-MM-DD).");
        return default;
    }
}
