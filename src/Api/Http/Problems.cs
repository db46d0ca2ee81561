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

    /// <summary>Why text holding U+0000 is refused: PostgreSQL's text and jsonb cannot store it (it answers 22021 or 22P05).</summary>
    public const string NulMessage = "must not contain the NUL character (U+0000): text cannot hold it.";

    /// <summary>
    /// A query string holding U+0000 (<c>?q=%00</c>) is refused before any endpoint sees it, naming the parameter: every
    /// text parameter ends up in a PostgreSQL query, which fails on it.
    /// </summary>
    public static async Task RefuseNulInQuery(HttpContext context, RequestDelegate next)
    {
        foreach (var (key, values) in context.Request.Query)
        {
            if (key.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                await Invalid(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(key.Replace("\0", "", StringComparison.Ordinal)), NulMessage).ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

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

    private static Npgsql.PostgresException? Postgres(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException p)
            {
                return p;
            }
        }

        return null;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (field, message) = exception switch
        {
            DomainException d => (d.Field, d.Message),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException j } => (JsonField(j.Path), $"Not valid JSON here: {j.Message}"),
            BadHttpRequestException b => (ParameterOf(b.Message), b.Message),
            // Text with U+0000 (or not UTF-8) that no field check caught reached PostgreSQL, which refused it: nothing was written.
            _ when Postgres(exception) is { SqlState: "22021" or "22P05" } => ("body", Problems.NulMessage),
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
