using System.Text.Json;
using Infra.Domain.Plans;

namespace Infra.Api.Http;

/// <summary>Enum values as they appear on the wire (snake_case) and in query strings, one spelling everywhere.</summary>
public static class WireNames
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses snake_case, camelCase or PascalCase names; null and an error naming the field and the choices otherwise.</summary>
    public static T? Parse<T>(string? text, string field, List<FieldError> errors) where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        if (Enum.TryParse<T>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value) &&
            !int.TryParse(text, out _))
        {
            return value;
        }

        errors.Add(new FieldError(field, $"'{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)))}."));
        return null;
    }

    public static IReadOnlyList<Service> AllServices { get; } =
        [Service.Mobile, Service.Broadband, Service.Phone, Service.CableTv, Service.Radio, Service.Tv, Service.IpBackbone];
}
