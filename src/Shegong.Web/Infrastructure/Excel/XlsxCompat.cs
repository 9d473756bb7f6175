using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Shegong.Web.Infrastructure.Excel;

/// <summary>
/// Repairs two things MiniExcel writes that stricter readers refuse (openpyxl 3.0, so pandas on Debian; MiniExcel
/// issues #705/#892 area): an empty <c>&lt;x:fill&gt;</c> in styles.xml ("Fill() takes no arguments") and a
/// <c>&lt;x:drawing&gt;</c> written inside <c>&lt;x:sheetData&gt;</c> instead of after it. Excel, WPS and LibreOffice
/// read the repaired file as before.
/// </summary>
public static partial class XlsxCompat
{
    /// <summary>Rewrites the workbook in <paramref name="xlsx"/> (seekable, readable and writable) in place.</summary>
    public static void Repair(Stream xlsx)
    {
        xlsx.Position = 0;
        using (var zip = new ZipArchive(xlsx, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.ToList())
            {
                var isStyles = entry.FullName == "xl/styles.xml";
                var isSheet = entry.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && entry.FullName.EndsWith(".xml", StringComparison.Ordinal);
                if (!isStyles && !isSheet) continue;
                string xml;
                using (var reader = new StreamReader(entry.Open(), Encoding.UTF8)) xml = reader.ReadToEnd();
                var fixedXml = isStyles
                    ? EmptyFill().Replace(xml, "<${p}fill><${p}patternFill patternType=\"none\" /></${p}fill>")
                    : DrawingInSheetData().Replace(xml, "</${p}sheetData>${drawing}");
                if (fixedXml == xml) continue;
                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                writer.Write(fixedXml);
            }
        }
        xlsx.Position = 0;
    }

    [GeneratedRegex(@"<(?<p>(\w+:)?)fill\s*(/>|>\s*</\k<p>fill>)")]
    private static partial Regex EmptyFill();

    [GeneratedRegex(@"(?<drawing><(?<p>(\w+:)?)drawing\b[^>]*/>)\s*</\k<p>sheetData>")]
    private static partial Regex DrawingInSheetData();
}
