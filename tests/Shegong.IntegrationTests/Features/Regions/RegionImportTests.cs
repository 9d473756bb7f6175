using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Regions;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Regions;

public sealed class RegionImportTests(AppFixture app)
{
    private async Task<int> RegionCountAsync()
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Regions.CountAsync();
    }

    private static MultipartFormDataContent File(byte[] bytes, string name)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", name);
        return content;
    }

    [Fact]
    public async Task A_file_with_bad_rows_reports_every_row_and_column_and_imports_nothing()
    {
        var csv = "代码,名称,级别\n" +
                  "440113,番禺区,区县\n" +              // row 2: fine
                  "44011A,坏代码,区县\n" +              // row 3: letters
                  $"440114,{new string('长', 51)},区县\n" + // row 4: name too long
                  "440113001000,,乡镇\n" +              // row 5: no name
                  "450101,南宁某区,区县\n" +            // row 6: parent 4501 missing
                  "440113,重复番禺,区县\n";             // row 7: duplicate code
        var before = await RegionCountAsync();
        using var admin = await app.ClientAsAsync("admin");
        var response = await admin.PostAsync("/api/v1/regions/import", File(Encoding.UTF8.GetBytes(csv), "regions.csv"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        errors.ShouldBe(["row 3 代码", "row 4 名称", "row 5 名称", "row 6 代码", "row 7 代码"], ignoreOrder: true);
        (await RegionCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_good_excel_file_imports_and_a_second_import_renames()
    {
        var rows = new[]
        {
            new Dictionary<string, object> { ["代码"] = "440114000000", ["名称"] = "花都区", ["级别"] = "区县" },
            new Dictionary<string, object> { ["代码"] = "440114001000", ["名称"] = "新华街道", ["级别"] = "乡镇" },
            new Dictionary<string, object> { ["代码"] = "440114001001", ["名称"] = "新华社区", ["级别"] = "社区" },
        };
        var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, rows);
        using var admin = await app.ClientAsAsync("admin");
        var response = await admin.PostAsync("/api/v1/regions/import", File(stream.ToArray(), "huadu.xlsx"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().ShouldBe(3);

        var renamed = "代码,名称,级别\n440114001001,新华社区居委会,社区\n";
        var again = await admin.PostAsync("/api/v1/regions/import", File(Encoding.UTF8.GetBytes(renamed), "rename.csv"));
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("renamed").GetInt32().ShouldBe(1);
        var node = await admin.GetFromJsonAsync<JsonElement>("/api/v1/regions/440114001000");
        node.GetProperty("children")[0].GetProperty("name").GetString().ShouldBe("新华社区居委会");
    }

    [Fact]
    public async Task Wrong_or_broken_files_get_a_clear_message_not_a_500()
    {
        using var admin = await app.ClientAsAsync("admin");
        var wrongType = await admin.PostAsync("/api/v1/regions/import", File([1, 2, 3], "regions.pdf"));
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongType.Content.ReadAsStringAsync()).ShouldContain("不是 .csv 或 .xlsx 文件");
        var broken = await admin.PostAsync("/api/v1/regions/import", File(Encoding.UTF8.GetBytes("not a zip"), "broken.xlsx"));
        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await broken.Content.ReadAsStringAsync()).ShouldContain("文件无法读取");
        using var officer = await app.ClientAsAsync("officer");
        (await officer.PostAsync("/api/v1/regions/import", File(Encoding.UTF8.GetBytes("代码,名称\n"), "x.csv"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_national_dataset_format_reads_with_known_levels()
    {
        var folder = Path.Combine(Path.GetTempPath(), "regions-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "provinces.csv"), "code,name\n44,\"广东省\"\n");
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "cities.csv"), "code,name,provinceCode\n4419,\"东莞市\",44\n");
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "areas.csv"), "code,name,cityCode,provinceCode\n441900,\"东莞市\",4419,44\n");
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "streets.csv"), "code,name,areaCode,provinceCode,cityCode\n441900003,\"东城街道\",441900,44,4419\n");
        var rows = RegionFile.ReadDatasetFolder(folder);
        rows.Count.ShouldBe(4);
        using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<ImportRegions.Handler>().HandleAsync(rows);
        result.Errors.ShouldBeEmpty();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        (await db.Regions.SingleAsync(r => r.Prefix == "441900003")).Code.ShouldBe("441900003000");
        Directory.Delete(folder, true);
    }
}
