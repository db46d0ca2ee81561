namespace Infra.Domain;

/// <summary>
/// A broken invariant: the value named by <see cref="Field"/> cannot be accepted.
/// The Api turns it into RFC 9457 problem details (400) naming the field.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string field, string message) : base(message) => Field = field;

    public DomainException() : base("Invalid value.") => Field = "";

    public DomainException(string message) : base(message) => Field = "";

    public DomainException(string message, Exception inner) : base(message, inner) => Field = "";

    /// <summary>camelCase name of the offending field, as it appears on the wire.</summary>
    public string Field { get; }

    public static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new DomainException(field, message);
        }
    }
}
