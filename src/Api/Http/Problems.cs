using Infra.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Infra.Api.Http;

/// <summary>One entry of a problem's <c>errors</c> list: which row (for files) and field, and why.</summary>
public sealed record FieldError(string Field, string Message, int? Row = null);

/// <summary>RFC 9457 problem details for bad input, always naming the field (and row, for files).</summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(
            title: "The request is not valid.",
            detail: errors.Count == 1 ? $"{errors[0].Field}: {errors[0].Message}" : $"{errors.Count} fields are not valid; see errors.",
            statusCode: StatusCodes.Status400BadRequest,
            type: "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found.", detail: what, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A broken domain invariant is the caller's bad input: 400 naming the field, never 500.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>'Failed to bind parameter "int? Limit" from "abc".' → "limit".</summary>
    private static string ParameterOf(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"[^\"]*?(\\w+)\"");
        return match.Success ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups[1].Value) : "request";
    }

    /// <summary>"$.filter.service" → "filter.service": the field the way every other error names it.</summary>
    private static string JsonField(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (field, message) = exception switch
        {
            DomainException d => (d.Field, d.Message),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException j } => (JsonField(j.Path), $"Not valid JSON here: {j.Message}"),
            BadHttpRequestException b => (ParameterOf(b.Message), b.Message),
            _ => (null, null),
        };
        if (message is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = string.IsNullOrEmpty(field) ? message : $"{field}: {message}",
                Extensions = { ["errors"] = new[] { new FieldError(field ?? "", message) } },
            },
        });
    }
}
