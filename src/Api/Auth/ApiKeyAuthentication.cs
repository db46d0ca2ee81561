using System.Security.Claims;
using System.Text.Encodings.Web;
using Infra.Api.Data;
using Infra.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Infra.Api.Auth;

/// <summary>
/// ASP.NET Core authentication for <c>Authorization: Bearer infra_…</c> keys. A request without the
/// header is anonymous (reads are public); a request with a bad key is refused, never treated as anonymous.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Actor actor,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string CarrierClaim = "carrier";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <key>'.");
        }

        // The database context is resolved only when a key is presented: most reads are anonymous, and
        // creating a context per request cost a hot cached endpoint most of its throughput.
        var db = Context.RequestServices.GetRequiredService<InfraDb>();
        var key = await ApiKeys.FindAsync(db, header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var role = Role.Parse(key.Role);
        actor.AsKey(key.Id, role, key.CarrierId);
        actor.RequestId = Context.TraceIdentifier;
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, role.Kind.ToString().ToLowerInvariant()),
        ];
        if (role.CarrierCode is not null)
        {
            claims.Add(new Claim(CarrierClaim, role.CarrierCode));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync("Authentication required", failure ?? "Send an API key: Authorization: Bearer <key>.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync("Forbidden", "This API key's role may not do this.");
    }

    private Task WriteAsync(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();
}
