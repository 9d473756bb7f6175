using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Stations;

public sealed class StationEditTests(AppFixture app)
{
    private async Task<int> StationCountAsync()
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Stations.CountAsync();
    }

    [Fact]
    public async Task A_second_station_for_one_township_is_refused_in_Chinese()
    {
        using var officer = await app.ClientAsAsync("officer");
        var before = await StationCountAsync();
        var response = await officer.PostAsJsonAsync("/api/v1/stations", new { townshipCode = "440112010000", name = "第二个长洲站" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("RegionCode")[0].GetString()!;
        message.ShouldContain("长洲街道");
        message.ShouldContain("只能有一个社工站");
        (await StationCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("44011A", "只能包含数字")]
    [InlineData("4401120100", "应为 6 位")]
    [InlineData("440012", "全零")]
    [InlineData("990112010000", "省级代码")]
    [InlineData("440112099000", "没有找到")]
    public async Task A_malformed_or_unknown_region_code_is_refused_and_nothing_stored(string code, string expected)
    {
        using var officer = await app.ClientAsAsync("officer");
        var before = await StationCountAsync();
        var response = await officer.PostAsJsonAsync("/api/v1/stations", new { townshipCode = code, name = "测试站" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(expected);
        (await StationCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_over_long_name_is_a_400_naming_the_field_never_a_500()
    {
        using var officer = await app.ClientAsAsync("officer");
        var before = await StationCountAsync();
        var response = await officer.PostAsJsonAsync("/api/v1/stations", new { townshipCode = "440112013000", name = new string('长', 61) });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("Name")[0].GetString().ShouldBe("名称：不能超过 60 个字");
        (await StationCountAsync()).ShouldBe(before);

        var mine = await MyStationAsync(await app.ClientAsAsync("manager"));
        using var manager = await app.ClientAsAsync("manager");
        var put = await manager.PutAsJsonAsync($"/api/v1/stations/{mine.Id}", new { name = new string('长', 61), status = "Operating", operatingSince = "2024-05-01", version = mine.Version });
        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await MyStationAsync(manager)).Name.ShouldBe("长洲街道社工站");
    }

    [Fact]
    public async Task Two_people_editing_one_station_the_second_save_is_refused_not_lost()
    {
        using var manager = await app.ClientAsAsync("manager");
        var loaded = await MyStationAsync(manager);
        var first = await manager.PutAsJsonAsync($"/api/v1/stations/{loaded.Id}", new
        {
            name = loaded.Name, address = "长洲街道新址 1 号", operatingOrganization = "启智", status = "Operating", operatingSince = "2024-05-01", version = loaded.Version,
        });
        first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var officer = await app.ClientAsAsync("officer");
        var second = await officer.PutAsJsonAsync($"/api/v1/stations/{loaded.Id}", new
        {
            name = loaded.Name, address = "另一个地址", operatingOrganization = "同心", status = "Operating", operatingSince = "2024-05-01", version = loaded.Version,
        });
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Content.ReadAsStringAsync()).ShouldContain("已被他人修改");
        var now = await MyStationAsync(manager);
        now.Address.ShouldBe("长洲街道新址 1 号");
    }

    [Fact]
    public async Task Staff_and_rooms_are_added_with_checks()
    {
        using var manager = await app.ClientAsAsync("manager");
        var station = await MyStationAsync(manager);
        var bad = await manager.PostAsJsonAsync($"/api/v1/stations/{station.Id}/staff", new { name = "张三", phone = "138abc" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("电话");
        var ok = await manager.PostAsJsonAsync($"/api/v1/stations/{station.Id}/staff", new { name = "张三", position = "驻站社工", phone = "13712345678" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        var details = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/stations/{station.Id}");
        details.GetProperty("staffMembers").EnumerateArray().ShouldContain(m => m.GetProperty("phoneMasked").GetString() == "137****5678");

        var outside = await manager.PostAsJsonAsync($"/api/v1/stations/{station.Id}/rooms", new { communityCode = "440106001001", name = "越界社工室" });
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var taken = await manager.PostAsJsonAsync($"/api/v1/stations/{station.Id}/rooms", new { communityCode = details.GetProperty("rooms")[0].GetProperty("communityCode").GetString(), name = "重复社工室" });
        taken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await taken.Content.ReadAsStringAsync()).ShouldContain("已有社工室");
    }

    private sealed record Mine(Guid Id, string Name, string Address, int Version);

    private static async Task<Mine> MyStationAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/stations");
        var id = list.GetProperty("items")[0].GetProperty("id").GetGuid();
        var s = await client.GetFromJsonAsync<JsonElement>($"/api/v1/stations/{id}");
        return new Mine(id, s.GetProperty("name").GetString()!, s.GetProperty("address").GetString()!, s.GetProperty("version").GetInt32());
    }
}
