using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Accounts;

public sealed class UserAdminTests(AppFixture app)
{
    private async Task<int> UserCountAsync()
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Users.CountAsync();
    }

    [Fact]
    public async Task A_duplicate_user_name_is_refused_in_Chinese_and_nothing_is_stored()
    {
        using var admin = await app.ClientAsAsync("admin");
        var before = await UserCountAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "worker", displayName = "重名", role = "CivilAffairsOfficer", regionCode = "440112", password = "abcd1234" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errors").GetProperty("UserName")[0].GetString()!.ShouldContain("已被使用");
        (await UserCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Bad_user_input_names_each_field_and_stores_nothing()
    {
        using var admin = await app.ClientAsAsync("admin");
        var before = await UserCountAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "a b", displayName = new string('长', 31), role = "SocialWorker", password = "" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("UserName")[0].GetString()!.ShouldContain("用户名");
        errors.GetProperty("DisplayName")[0].GetString()!.ShouldContain("30");
        errors.GetProperty("Password")[0].GetString()!.ShouldContain("密码");
        errors.GetProperty("StationId")[0].GetString()!.ShouldContain("社工站");
        var weak = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "weakpass", displayName = "弱密码", role = "CivilAffairsOfficer", regionCode = "440112", password = "short" });
        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await weak.Content.ReadAsStringAsync()).ShouldContain("密码至少需要 8 位");
        (await UserCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Admin_creates_a_user_who_can_log_in_and_reads_are_audited()
    {
        using var admin = await app.ClientAsAsync("admin");
        var name = "newofficer" + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = name, displayName = "新干部", role = "CivilAffairsOfficer", regionCode = "440112", password = "abcd1234", phone = "13812345678" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var user = await app.ClientAsAsync(name, "abcd1234");
        (await user.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("regionPrefix").GetString().ShouldBe("440112");

        var details = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}");
        details.GetProperty("phone").GetString().ShouldBe("13812345678");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=Read&entityId={id}");
        audit.GetProperty("total").GetInt32().ShouldBe(1);
        audit.GetProperty("items")[0].GetProperty("userName").GetString().ShouldBe("admin");
    }

    [Fact]
    public async Task A_stale_edit_of_a_user_is_refused_with_409()
    {
        using var admin = await app.ClientAsAsync("admin");
        var name = "stale" + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = name, displayName = "甲", role = "Donor", regionCode = "4401", password = "abcd1234" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var loaded = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}");
        var stamp = loaded.GetProperty("concurrencyStamp").GetString();
        (await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { displayName = "乙", role = "Donor", regionCode = "4401", locked = false, concurrencyStamp = stamp })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var second = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { displayName = "丙", role = "Donor", regionCode = "4401", locked = false, concurrencyStamp = stamp });
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Content.ReadAsStringAsync()).ShouldContain("已被他人修改");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}")).GetProperty("displayName").GetString().ShouldBe("乙");
    }

    [Fact]
    public async Task Only_administrators_manage_users_and_only_inside_their_scope()
    {
        using var officer = await app.ClientAsAsync("officer");
        (await officer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var admin = await app.ClientAsAsync("admin");
        var outside = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "beijing1", displayName = "京", role = "CivilAffairsOfficer", regionCode = "110101", password = "abcd1234" });
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outside.Content.ReadAsStringAsync()).ShouldContain("不在您的管辖范围内");
    }
}
