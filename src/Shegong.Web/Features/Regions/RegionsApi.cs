using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Web.Features.Stations;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Regions;

public static class RegionsApi
{
    [ApiName("ImportRegionsResponse")] public sealed record ImportResponse(int Created, int Renamed, int Unchanged);

    public static void Map(RouteGroupBuilder api)
    {
        var regions = api.MapGroup("/regions").WithTags("行政区划 Regions");

        regions.MapGet("/{code}", async Task<Results<Ok<BrowseRegion.Result>, NotFound<ProblemDetailsLike>>> (
                string code, BrowseRegion.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(code, ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .RequireAuthorization(Policies.StationViewers)
            .WithSummary("区划节点及其下级与社工站数 (A region, its children and their station counts)");

        regions.MapPost("/import", async Task<Results<Ok<ImportResponse>, ValidationProblem>> (
                IFormFile file, ImportRegions.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var check = RegionImportFile.Check(file, l);
                if (check is not null) return ErrorHandling.Validation(l, [("file", check)]);
                await using var stream = file.OpenReadStream();
                var rows = RegionImportFile.TryRead(stream, file.FileName, out var readError);
                if (rows is null) return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{l["Import.Unreadable", readError ?? ""]}")]);
                var result = await h.HandleAsync(rows, ct);
                return result.Succeeded
                    ? TypedResults.Ok(new ImportResponse(result.Created, result.Renamed, result.Unchanged))
                    : ErrorHandling.Validation(l, result.Errors.Select(e => ($"row {e.RowNumber} {e.Column}", $"第 {e.RowNumber} 行 {e.Column}：{e.Message}")));
            })
            .RequireAuthorization(Policies.Administrators)
            .DisableAntiforgery() // bearer-token API, not a browser form
            .WithSummary("导入区划（CSV 或 Excel：代码、名称、级别）；有任何错误行则全部不导入 (Import regions; all or nothing)");
    }
}

/// <summary>The checks on an uploaded region file that come before reading it.</summary>
public static class RegionImportFile
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public static string? Check(IFormFile? file, IStringLocalizer l)
    {
        if (file is null || file.Length == 0) return $"{l["Field.File"]}：{l["Import.NoFile"]}";
        if (file.Length > MaxBytes) return $"{l["Field.File"]}：{l["Import.TooLarge", 20]}";
        var ext = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (ext is not ".csv" and not ".xlsx") return $"{l["Field.File"]}：{l["Import.WrongType", file.FileName]}";
        return null;
    }

    /// <summary>Reads the rows, or returns null when the file is not a readable CSV/Excel file (never a 500).</summary>
    public static List<ImportRegions.Row>? TryRead(Stream stream, string fileName, out string? error)
    {
        try
        {
            error = null;
            return RegionFile.Read(stream, fileName);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException
            or System.Xml.XmlException or ArgumentException or KeyNotFoundException or NotSupportedException)
        {
            error = e.GetType().Name;
            return null;
        }
    }

    /// <summary>The Excel template: the three columns and two example rows.</summary>
    public static void MapTemplate(IEndpointRouteBuilder app) =>
        app.MapGet("/regions/import/template", () =>
        {
            var stream = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(stream, new[]
            {
                new Dictionary<string, object> { [ImportRegions.ColumnCode] = "440112011000", [ImportRegions.ColumnName] = "夏港街道", [ImportRegions.ColumnLevel] = "乡镇" },
                new Dictionary<string, object> { [ImportRegions.ColumnCode] = "440112011001", [ImportRegions.ColumnName] = "夏港社区居委会", [ImportRegions.ColumnLevel] = "社区" },
            });
            stream.Position = 0;
            return Results.File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "区划导入模板.xlsx");
        }).RequireAuthorization(Policies.Administrators).ExcludeFromDescription();
}
