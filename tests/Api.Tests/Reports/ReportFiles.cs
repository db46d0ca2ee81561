using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Infra.Api.Tests.Reports;

/// <summary>Reads the report files back with tools other than the ones that wrote them.</summary>
internal static class ReportFiles
{
    /// <summary>An RFC 4180 reader written here, independent of the writer: quoted fields, doubled quotes, CRLF records.</summary>
    public static List<Dictionary<string, string>> ParseCsv(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.False(text.StartsWith('\uFEFF'), "No byte-order mark unless asked for");
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n', $"A bare line break outside quotes at {i}: records end with CRLF");
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && record.Count == 0, "The file ends with CRLF");
        var header = records[0];
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        return [.. records.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }

    /// <summary>The cells of each sheet, by sheet name, through the Open XML SDK; numbers come back as doubles, text as strings.</summary>
    public static Dictionary<string, XlsxSheet> ReadXlsx(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var book = document.WorkbookPart!;
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheets = new Dictionary<string, XlsxSheet>();
        foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = ((WorksheetPart)book.GetPartById(sheet.Id!)).Worksheet;
            var rows = worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(c => Value(c, shared)).ToList()).ToList();
            var pane = worksheet.GetFirstChild<SheetViews>()?.GetFirstChild<SheetView>()?.GetFirstChild<Pane>();
            var widths = worksheet.GetFirstChild<Columns>()?.Elements<Column>().Select(c => c.Width?.Value ?? 0).ToList() ?? [];
            sheets[sheet.Name!.Value!] = new XlsxSheet(rows, pane?.State?.Value == PaneStateValues.Frozen ? (int?)pane.VerticalSplit?.Value : null,
                worksheet.GetFirstChild<AutoFilter>()?.Reference?.Value, widths);
        }

        return sheets;
    }

    private static object? Value(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)];
        }

        if (cell.DataType?.Value == CellValues.String)
        {
            return cell.CellValue?.Text;
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return cell.CellValue?.Text == "1";
        }

        return cell.CellValue is null ? null : double.Parse(cell.CellValue.Text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The text of a PDF through poppler's pdftotext.</summary>
    public static string PdfText(byte[] pdf)
    {
        Assert.True(pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8), "A PDF file");
        var path = Path.Combine(Path.GetTempPath(), $"infra-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var psi = new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(psi)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The rows of the GeoPackage's feature table, geometry decoded by NTS's GeoPackage reader, plus its declared geometry type and SRS.</summary>
    public static (List<Dictionary<string, object?>> Rows, string GeometryType, long SrsId) ReadGpkg(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"infra-report-{Guid.NewGuid():N}.gpkg");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            db.Open();
            using var meta = db.CreateCommand();
            meta.CommandText = "SELECT g.geometry_type_name, g.srs_id, c.table_name FROM gpkg_geometry_columns g JOIN gpkg_contents c USING (table_name) WHERE c.data_type = 'features'";
            using var m = meta.ExecuteReader();
            Assert.True(m.Read());
            var (type, srs, table) = (m.GetString(0), m.GetInt64(1), m.GetString(2));
            using var select = db.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY fid";
            using var reader = select.ExecuteReader();
            var rows = new List<Dictionary<string, object?>>();
            var geo = new GeoPackageGeoReader { HandleSRID = true };
            while (reader.Read())
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetName(i) == "geom" ? geo.Read((byte[])reader.GetValue(i)) : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return (rows, type, srs);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

internal sealed record XlsxSheet(List<List<object?>> Rows, int? FrozenRows, string? AutoFilter, List<double> Widths);
