using System.Net;
using System.Net.Http.Json;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>A household's details are edited once, by its own station, and a stale edit is refused.</summary>
public sealed class UpdateHouseholdTests(AppFixture app)
{
    [Fact]
    public async Task A_household_edit_saves_checks_and_refuses_stale_versions_and_other_stations()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = await RegistryApi.RegisterNewAsync(worker);
        var household = (await RegistryApi.GetAsync(worker, id)).Household;
        var details = new HouseholdDetails("长洲路 88 号", "金洲北路 3 号", ResidenceStatus.RegisteredOnly, LivingArrangement.Alone, "养老金",
            AssistanceKinds.MinimumLiving | AssistanceKinds.Medical);

        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.PutAsJsonAsync($"/api/v1/households/{household.Id}", new { version = 0, details }, RegistryApi.Json)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await worker.PutAsJsonAsync($"/api/v1/households/{household.Id}", new { version = 0, details }, RegistryApi.Json)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = (await RegistryApi.GetAsync(worker, id)).Household;
        after.ActualAddress.ShouldBe("金洲北路 3 号");
        after.ResidenceStatus.ShouldBe(ResidenceStatus.RegisteredOnly);
        after.Assistance.ShouldBe(AssistanceKinds.MinimumLiving | AssistanceKinds.Medical);

        // The same version again: someone saved meanwhile.
        (await worker.PutAsJsonAsync($"/api/v1/households/{household.Id}", new { version = 0, details = details with { Address = "别处" } }, RegistryApi.Json))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var empty = await worker.PutAsJsonAsync($"/api/v1/households/{household.Id}", new { version = 1, details = details with { Address = " " } }, RegistryApi.Json);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await RegistryApi.ErrorsAsync(empty, "Address"))[0].ShouldContain("不能为空");
        (await RegistryApi.GetAsync(worker, id)).Household.Address.ShouldBe("长洲路 88 号");
    }
}
