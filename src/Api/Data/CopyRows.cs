using Npgsql;

namespace Infra.Api.Data;

/// <summary>Nullable values in a binary COPY row (the demo loader and the importers write rows the same way).</summary>
public static class CopyRows
{
    public static void WriteNullable<T>(NpgsqlBinaryImporter w, T? value) where T : struct
    {
        if (value is { } v)
        {
            w.Write(v);
        }
        else
        {
            w.WriteNull();
        }
    }

    public static void WriteNullable(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value);
        }
    }
}
