using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// A station of the tests' own in 前进街道 (440106020, not a demo station), with two communities, a social worker
/// and a manager, so that thousands of imported people change no demo list another test compares.
/// </summary>
internal static class ImportStation
{
    public const string CommunityA = "440106020001", CommunityB = "440106020002";
    public const string Worker = "qj-worker", Manager = "qj-manager", WorkerName = "前进社工";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _ready;

    public static async Task EnsureAsync(AppFixture app)
    {
        await Gate.WaitAsync();
        try
        {
            if (_ready) return;
            using var admin = await app.ClientAsAsync("admin");
            var csv = $"代码,名称,级别\n{CommunityA},前进测试甲社区,社区\n{CommunityB},前进测试乙社区,社区\n";
            var regions = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "qj.csv" } };
            (await admin.PostAsync("/api/v1/regions/import", regions)).EnsureSuccessStatusCode();
            var station = await admin.PostAsJsonAsync("/api/v1/stations", new { townshipCode = "440106020000", name = "前进街道社工站" });
            station.EnsureSuccessStatusCode();
            var stationId = (await station.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            foreach (var (user, name, role) in new[] { (Worker, WorkerName, "SocialWorker"), (Manager, "前进站长", "StationManager") })
                (await admin.PostAsJsonAsync("/api/v1/users", new { userName = user, displayName = name, role, stationId, password = AppFixture.DemoPassword }))
                    .EnsureSuccessStatusCode();
            _ready = true;
        }
        finally { Gate.Release(); }
    }

    /// <summary>Active persons the caller can list (optionally by name), as the list API counts them.</summary>
    public static async Task<int> CountAsync(HttpClient client, string? name = null) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/persons?pageSize=1&name={Uri.EscapeDataString(name ?? "")}")).GetProperty("total").GetInt32();
}

/// <summary>
/// Builds ledger workbooks as a station would fill them in: households of one to three people in two communities,
/// ID numbers (address code 440103, born 1931–1939, none already on file), dates written four ways, household facts
/// on the head's row (some households repeat them on every row). Every name starts with the given surname, so a
/// test can find its own people by name.
/// </summary>
internal sealed class LedgerFile
{
    public sealed record Line(Dictionary<string, object?> Cells, bool Member, string? Id, string Household);

    private static readonly string[] Given = ["秀英", "桂兰", "德贵", "永福", "玉珍", "建国", "淑珍", "金水", "凤英", "荣生"];
    private static readonly string[] Types = ["独居", "空巢、低保", "留守老人", "孤寡", "失能", "独居、特困", ""];
    private readonly Random _random;
    private readonly HashSet<string> _taken;
    private readonly Func<string, string> _hash;

    public List<Line> Lines { get; } = [];

    private readonly string _surname;

    private LedgerFile(int seed, string surname, HashSet<string> takenHashes, Func<string, string> hash)
    {
        _random = new Random(seed);
        _surname = surname;
        _taken = takenHashes;
        _hash = hash;
    }

    public static async Task<LedgerFile> CreateAsync(AppFixture app, int rows, int seed, string surname = "阚")
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var taken = (await db.Persons.IgnoreQueryFilters().Where(p => p.IdHash != null).Select(p => p.IdHash!).ToListAsync()).ToHashSet();
        var hash = await scope.ServiceProvider.GetRequiredService<LookupHasher>().HashFunctionAsync();
        var file = new LedgerFile(seed, surname, taken, hash);
        file.Generate(rows);
        return file;
    }

    public static string H(Col c) => PersonSheet.Of(c).Header;

    /// <summary>The spreadsheet row number of a line (the header is row 1).</summary>
    public static int RowOf(int index) => index + 2;

    private void Generate(int count)
    {
        var household = 0;
        while (Lines.Count < count)
        {
            var roll = _random.Next(100);
            var size = Math.Min(count - Lines.Count, roll < 70 ? 1 : roll < 95 ? 2 : 3);
            var community = _random.Next(2) == 0 ? ImportStation.CommunityA : ImportStation.CommunityB;
            var number = size > 1 ? (++household).ToString(CultureInfo.InvariantCulture) : "";
            var address = $"前进路 {_random.Next(1, 999)} 号 {_random.Next(1, 30)}0{_random.Next(1, 5)}";
            var repeatFacts = _random.Next(3) == 0;
            for (var m = 0; m < size; m++)
            {
                var birth = new DateOnly(_random.Next(1931, 1940), _random.Next(1, 13), _random.Next(1, 29));
                var id = NewId(birth);
                var withId = _random.Next(20) != 0;
                var c = PersonSheet.NewRow();
                c[H(Col.CommunityCode)] = community;
                c[H(Col.HouseholdNo)] = number;
                c[H(Col.Relation)] = m == 0 ? (_random.Next(2) == 0 ? "户主" : "") : m == 1 ? "配偶" : "兄弟姐妹";
                c[H(Col.Name)] = _surname + Given[_random.Next(Given.Length)];
                c[H(Col.Gender)] = id.Gender == Gender.Male ? "男" : "女";
                c[H(Col.Ethnicity)] = _random.Next(10) == 0 ? "壮族" : "汉族";
                c[H(Col.BirthDate)] = (_random.Next(4)) switch
                {
                    0 => birth.ToDateTime(TimeOnly.MinValue),
                    1 => birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    2 => birth.ToString("yyyy/M/d", CultureInfo.InvariantCulture),
                    _ => birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                };
                c[H(Col.IdNumber)] = withId ? id.Value : "";
                c[H(Col.Phone)] = _random.Next(4) == 0 ? "" : _random.Next(5) == 0 ? $"020-8{_random.Next(1000000, 9999999)}" : $"139{_random.Next(10000000, 99999999)}";
                c[H(Col.EmergencyContactName)] = "阚明";
                c[H(Col.EmergencyContactPhone)] = "13800138000";
                var disabled = withId && _random.Next(20) == 0;
                c[H(Col.Types)] = disabled ? "残疾人" : Types[_random.Next(Types.Length)];
                c[H(Col.Tier)] = _random.Next(3) switch { 0 => "高风险", 1 => "重点", _ => "一般" };
                c[H(Col.LegalBasis)] = _random.Next(3) == 0 ? "履行法定职责" : "本人书面同意";
                if (m == 0 || repeatFacts)
                {
                    c[H(Col.Address)] = address;
                    c[H(Col.ResidenceStatus)] = "人户一致";
                    c[H(Col.LivingArrangement)] = size == 1 ? "独居" : "与配偶同住";
                    c[H(Col.EconomicSources)] = "养老金";
                }
                c[H(Col.ChronicDiseases)] = _random.Next(2) == 0 ? "高血压" : "";
                c[H(Col.SelfCare)] = _random.Next(3) switch { 0 => "自理", 1 => "半自理", _ => "" };
                c[H(Col.DisabilityCardNumber)] = disabled ? id.Value + "42" : "";
                c[H(Col.SevereMentalDisorder)] = "否";
                c[H(Col.ResponsibleWorker)] = _random.Next(3) == 0 ? ImportStation.WorkerName : "";
                Lines.Add(new Line(c, m > 0, withId ? id.Value : null, size > 1 ? number : "row" + Lines.Count));
            }
        }
    }

    private ResidentId NewId(DateOnly birth)
    {
        while (true)
        {
            var id = ResidentId.Create("440103", birth, _random.Next(0, 1000));
            if (_taken.Add(_hash(id.Value))) return id;
        }
    }

    /// <summary>A copy of the rows (cells copied, so a mutated copy leaves the original correct).</summary>
    public List<Dictionary<string, object?>> Copy() => Lines.Select(l => new Dictionary<string, object?>(l.Cells)).ToList();

    public static byte[] ToXlsx(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows, sheetName: PersonSheet.SheetName);
        return stream.ToArray();
    }

    public static MultipartFormDataContent Upload(byte[] bytes, string name = "ledger.xlsx") =>
        new() { { new ByteArrayContent(bytes), "file", name } };
}
