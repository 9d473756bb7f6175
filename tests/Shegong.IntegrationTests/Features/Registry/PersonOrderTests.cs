using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using Shegong.Web.Features.Registry.Contracts;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// Names in pinyin order on both databases (PostgreSQL's zh-x-icu collation, SQLite's stored ICU sort key), the
/// list's other orders and page sizes, and each order served by an index rather than a sort. Each test registers
/// people of its own, found by a name stem nobody else uses.
/// </summary>
public sealed class PersonOrderTests(AppFixture app)
{
    // Code-point order: 任 4EFB, 何 4F55, 余 4F59, 刘 5218, 张 5F20, 阿 963F; pinyin: a, he, liu, ren, yu, zhang.
    private static readonly string[] Surnames = ["任", "何", "余", "刘", "张", "阿"];
    private static readonly string[] Pinyin = ["阿", "何", "刘", "任", "余", "张"];

    [Fact]
    public async Task Names_are_listed_in_pinyin_order_both_ways_and_a_rename_moves_the_person()
    {
        using var worker = await app.ClientAsAsync("worker");
        var stem = NewName();
        var ids = new Dictionary<string, (Guid Id, ResidentId Number)>();
        foreach (var surname in Surnames)
        {
            var number = NewId();
            ids[surname] = (await RegisterAsync(worker, Request(Details(number, name: surname + stem), confirm: true)), number);
        }

        async Task<string[]> Names(string query) =>
            (await ListAsync(worker, $"?name={Uri.EscapeDataString(stem)}{query}")).Items.Select(i => i.Name[..1]).ToArray();

        (await Names("")).ShouldBe(Pinyin);
        (await Names("&sortBy=Name")).ShouldBe(Pinyin);
        (await Names("&sortBy=Name&descending=true")).ShouldBe(Pinyin.Reverse().ToArray());
        // Paged, the pages follow the same order and never overlap.
        (await Names("&pageSize=4")).ShouldBe(Pinyin[..4]);
        (await Names("&pageSize=4&page=2")).ShouldBe(Pinyin[4..]);

        // 任 renamed 白 (bai) moves between 阿 and 何: the key is kept with the name at every write.
        var ren = ids["任"];
        var before = await GetAsync(worker, ren.Id);
        (await UpdateAsync(worker, ren.Id, before.Version, Details(ren.Number, name: "白" + stem))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Names("")).ShouldBe(["阿", "白", "何", "刘", "余", "张"]);
    }

    [Fact]
    public async Task The_list_sorts_by_community_tier_and_due_date_and_offers_page_sizes()
    {
        using var worker = await app.ClientAsAsync("worker");
        var stem = NewName();
        var a = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.General, "何" + stem), Shenjing, confirm: true));
        var b = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.HighRisk, "刘" + stem), Huangchuan, confirm: true));
        var c = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.Key, "阿" + stem), Huangchuan, confirm: true));

        async Task<Guid[]> Ids(string query)
        {
            var result = await ListAsync(worker, $"?name={Uri.EscapeDataString(stem)}{query}");
            return result.Items.Select(i => i.Id).ToArray();
        }

        // Community by code (长洲 …001 before 深井 …004), then name in pinyin.
        (await Ids("&sortBy=Community")).ShouldBe([c, b, a]);
        (await Ids("&sortBy=Community&descending=true")).ShouldBe([a, b, c]);
        // Tier from high risk down; due date from the earliest (high risk is due in 7 days, key in 30, general in 90).
        (await Ids("&sortBy=Tier")).ShouldBe([b, c, a]);
        (await Ids("&sortBy=Tier&descending=true")).ShouldBe([a, c, b]);
        (await Ids("&sortBy=Due")).ShouldBe([b, c, a]);
        (await Ids("&sortBy=Due&descending=true")).ShouldBe([a, c, b]);

        var page = await ListAsync(worker, $"?name={Uri.EscapeDataString(stem)}&pageSize=50&sortBy=Tier");
        (page.PageSize, page.SortBy, page.Descending).ShouldBe((50, ListPersons.Sort.Tier, false));
        (await ListAsync(worker, $"?name={Uri.EscapeDataString(stem)}&pageSize=500")).PageSize.ShouldBe(100);
        // An order the list does not know is a 400 naming it, not a silently different order.
        (await worker.GetAsync($"/api/v1/persons?sortBy=Age")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_overdue_list_shows_address_and_masked_phone_and_filters_by_community()
    {
        using var worker = await app.ClientAsAsync("worker");
        var stem = NewName();
        var shenjing = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.HighRisk, "何" + stem), Shenjing, confirm: true));
        var huangchuan = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.HighRisk, "刘" + stem), Huangchuan, confirm: true));
        await ReportEventAsync(worker, shenjing, Today.AddDays(-10));
        await ReportEventAsync(worker, huangchuan, Today.AddDays(-10));

        var all = (await ListAllAsync(worker, "/api/v1/visits/overdue")).Where(i => i.Name.EndsWith(stem)).ToList();
        all.Select(i => i.Id).Order().ShouldBe(new[] { shenjing, huangchuan }.Order());
        var item = all.Single(i => i.Id == shenjing);
        (item.Community, item.Address, item.PhoneMasked).ShouldBe(("深井社区居民委员会", "长洲路 18 号 301", "138****5678"));
        item.OverdueDays.ShouldBeGreaterThan(0);

        (await ListAllAsync(worker, $"/api/v1/visits/overdue?community={Shenjing}")).Where(i => i.Name.EndsWith(stem)).Select(i => i.Id).ShouldBe([shenjing]);
    }

    [Fact]
    public async Task Ordering_by_name_is_served_by_an_index_for_a_station_and_for_an_area()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Shegong.Web.Infrastructure.Data.ShegongDbContext>();
        var station = await db.Stations.IgnoreQueryFilters().Select(s => s.Id).FirstAsync();
        var ofStation = db.Persons.IgnoreQueryFilters().Where(p => p.StationId == station && p.Status == PersonStatus.Active).OrderByName(db).Take(20);
        var ofArea = db.Persons.IgnoreQueryFilters().Where(p => p.Status == PersonStatus.Active && p.RegionPrefix.StartsWith("440112")).OrderByName(db).Take(20);

        foreach (var query in new[] { ofStation.ToQueryString(), ofArea.ToQueryString() })
        {
            var plan = await PlanAsync(db, query);
            if (app.IsPostgres)
            {
                plan.ShouldContain("ix_persons_", Case.Sensitive, plan);
                plan.ShouldNotContain("Sort", Case.Sensitive, plan);
            }
            else
            {
                plan.ShouldContain("ix_persons_", Case.Sensitive, plan);
                plan.ShouldNotContain("TEMP B-TREE", Case.Sensitive, plan);
            }
        }
    }

    /// <summary>The plan of a query the way the list sends it; on PostgreSQL with sorting and sequential scans priced out, so
    /// that a tiny test table still shows whether an index can give the order at all.</summary>
    private async Task<string> PlanAsync(Shegong.Web.Infrastructure.Data.ShegongDbContext db, string query)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            // ToQueryString declares the parameters (SQLite: .param set; PostgreSQL: -- @p='…' comments); the plan needs literals.
            var sql = string.Join('\n', query.Split('\n').Where(l => !l.StartsWith(".param") && !l.StartsWith("-- ")));
            foreach (var line in query.Split('\n'))
            {
                var m = System.Text.RegularExpressions.Regex.Match(line, @"^(?:\.param set |-- )(@\w+)[ =](.*)$");
                if (!m.Success) continue;
                var value = m.Groups[2].Value.Trim();
                if (value.StartsWith("(DbType")) value = value[(value.IndexOf(')') + 1)..].Trim();
                sql = System.Text.RegularExpressions.Regex.Replace(sql, Regex(m.Groups[1].Value), value.Replace("$", "$$"));
            }
            await using var command = connection.CreateCommand();
            if (app.IsPostgres)
            {
                await using (var set = connection.CreateCommand())
                {
                    set.CommandText = "SET enable_sort = off; SET enable_seqscan = off;";
                    await set.ExecuteNonQueryAsync();
                }
                command.CommandText = "EXPLAIN " + sql;
            }
            else command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
            if (app.IsPostgres)
            {
                await using var reset = connection.CreateCommand();
                reset.CommandText = "RESET enable_sort; RESET enable_seqscan;";
                await reset.ExecuteNonQueryAsync();
            }
            return sql + "\n" + string.Join('\n', lines);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    private static string Regex(string parameter) => System.Text.RegularExpressions.Regex.Escape(parameter) + @"\b";
}
