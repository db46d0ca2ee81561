using System.Drawing;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Infra.Api.Features.Reports;

/// <summary>
/// The spreadsheet conventions every report shares, over SpreadCheetah (it writes forward only, straight into
/// the output stream, so a sheet of a million rows never sits in memory): a title block, a bold header row
/// that stays frozen with an autofilter over the data, numbers stored as numbers, and widths that fit Chinese.
/// </summary>
public sealed class ReportXlsx
{
    private readonly Spreadsheet _sheet;

    private ReportXlsx(Spreadsheet sheet)
    {
        _sheet = sheet;
        Title = sheet.AddStyle(new Style { Font = new Font { Bold = true, Size = 14 } });
        Demo = sheet.AddStyle(new Style { Font = new Font { Bold = true, Color = Color.FromArgb(0xB4, 0x1E, 0x1E) } });
        Header = sheet.AddStyle(new Style
        {
            Font = new Font { Bold = true },
            Fill = new Fill { Color = Color.FromArgb(0xE8, 0xEC, 0xF2) },
            Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignment.Center },
        });
        Percent = sheet.AddStyle(new Style { Format = NumberFormat.Custom("0.0%") });
        Integer = sheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.ThousandsSeparator) });
        Real = sheet.AddStyle(new Style { Format = NumberFormat.Custom("#,##0.0") });
        Coordinate = sheet.AddStyle(new Style { Format = NumberFormat.Custom("0.000000") });
        Date = sheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd") });
        Total = sheet.AddStyle(new Style { Font = new Font { Bold = true } });
    }

    public StyleId Title { get; }

    public StyleId Demo { get; }

    public StyleId Header { get; }

    public StyleId Percent { get; }

    public StyleId Integer { get; }

    public StyleId Real { get; }

    public StyleId Coordinate { get; }

    public StyleId Date { get; }

    public StyleId Total { get; }

    public static async Task<(Spreadsheet Sheet, ReportXlsx Styles)> CreateAsync(Stream output, string title, CancellationToken ct)
    {
        var sheet = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions
        {
            DocumentProperties = new SpreadCheetah.Metadata.DocumentProperties { Title = title, Author = "Infra" },
            // Calibri has no CJK glyphs; DengXian (等线) is the font Chinese Excel uses by default (Excel falls back where it is missing).
            DefaultFont = new DefaultFont { Name = "DengXian", Size = 11 },
        }, ct);
        return (sheet, new ReportXlsx(sheet));
    }

    /// <summary>
    /// Starts a sheet whose header row is <paramref name="headerRow"/> (1-based) with <paramref name="dataRows"/>
    /// rows under it: the rows down to the header stay frozen, and the autofilter spans header and data.
    /// </summary>
    public async Task StartSheetAsync(string name, IReadOnlyList<string> headers, IReadOnlyList<double> widths, int headerRow, int dataRows, CancellationToken ct)
    {
        var options = new WorksheetOptions
        {
            FrozenRows = headerRow,
            AutoFilter = new AutoFilterOptions($"A{headerRow}:{ColumnLetters(headers.Count)}{headerRow + Math.Max(dataRows, 1)}"),
        };
        for (var c = 0; c < headers.Count; c++)
        {
            options.Column(c + 1).Width = Math.Min(80, Math.Max(widths[c], DisplayWidth(headers[c]) + 2));
        }

        await _sheet.StartWorksheetAsync(SheetName(name), options, ct);
    }

    /// <summary>Width in Excel character units: a CJK character takes two.</summary>
    public static double DisplayWidth(string text) => text.Sum(ch => ch >= 0x2E80 ? 2.0 : 1.0);

    /// <summary>A cell that keeps its type: numbers as numbers (with a display format), dates as dates, the rest as text.</summary>
    public Cell Value(object? value, ColumnType type) => value switch
    {
        null => new Cell(),
        int i => new Cell(i, Integer),
        long l => new Cell(l, Integer),
        double d => new Cell(d, type switch { ColumnType.Coordinate => Coordinate, ColumnType.Percent => Percent, _ => Real }),
        DateOnly day => new Cell(day.ToDateTime(TimeOnly.MinValue), Date),
        _ => new Cell(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>Excel's sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Select(ch => "[]:*?/\\".Contains(ch, StringComparison.Ordinal) ? '_' : ch)]);
        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static string ColumnLetters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + ((column - 1) % 26)) + letters;
        }

        return letters;
    }
}
