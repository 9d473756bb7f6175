using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Features.Visits;
using Shegong.IntegrationTests.Features.Wishes;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.IntegrationTests.Features.Privacy;

/// <summary>
/// What an attacker holding the database alone has — the SQLite file, or a pg_dump — and not the key file: no
/// plaintext of any sensitive field, and no key that opens (or so signs) a sign-in cookie.
/// </summary>
public sealed partial class DumpTests(AppFixture app)
{
    [Fact]
    public async Task The_database_alone_holds_no_sensitive_plaintext_and_no_key_that_opens_a_cookie()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = RegistryApi.NewId();
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var health = "慢性病记录" + marker;
        var child = "就读学校" + marker;
        var note = "走访记录" + marker;
        var photoBytes = Encoding.ASCII.GetBytes("PHOTO-" + marker + "-" + new string('Q', 40));

        using var worker = await app.ClientAsAsync("worker");
        var elder = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(id) with
        {
            Phone = phone,
            Health = new HealthSection(ChronicDiseases: health),
        }));
        var childId = RegistryApi.NewId(birthDate: RegistryApi.Today.AddYears(-10));
        await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(childId) with
        {
            Types = PersonTypes.LeftBehindChild,
            Phone = "",
            Child = new ChildSection(School: child, GuardianName: "祖母", GuardianRelation: "祖母", GuardianPhone: "13800001111"),
        }));
        await VisitsTestApi.LogVisitAsync(worker, elder, RegistryApi.Today, record: new VisitRecord(BasicLiving: note));
        var (_, wish) = await WishApi.PublishedAsync(app);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDB, 0, 4, 0, 1, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, .. photoBytes, 0xFF, 0xD9];
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", "photo.jpg");
        (await worker.PostAsync($"/api/v1/wishes/{wish}/photos", form)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // The values went in, as the app reads them back with the key.
        (await RegistryApi.GetAsync(worker, elder, reveal: true)).IdNumber.ShouldBe(id.Value);

        var cookie = await SignInCookieAsync();
        var (text, raw, ring) = await DumpAsync();

        foreach (var secret in new[] { id.Value, childId.Value, phone, health, child, note })
        {
            text.ShouldNotContain(secret, customMessage: "plaintext in the dump");
            raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).ShouldBe(-1);
        }
        raw.AsSpan().IndexOf(photoBytes).ShouldBe(-1, "the photo's bytes");
        text.ShouldNotContain(Convert.ToHexStringLower(photoBytes), customMessage: "the photo's bytes, as pg_dump writes bytea");
        // The markers are really there to be found in a dump that holds them (the ID number's hash column is keyed).
        text.ShouldContain("data_protection_keys");

        // The key ring as the dump holds it: with the key file its keys open the cookie; without it, nothing does.
        ring.ShouldNotBeEmpty();
        Unprotect(ring, cookie, MasterKey.Load(app.KeyFile, createIfMissing: false)).ShouldNotBeNull("the same ring, with the key file");
        Unprotect(ring, cookie, null).ShouldBeNull("the ring alone");
        Unprotect(ring, cookie, MasterKey.FromBytes(new byte[32])).ShouldBeNull("the ring with another key");
    }

    [GeneratedRegex("""<key id="[^"]+" version="1">.*?</key>""", RegexOptions.Singleline)]
    private static partial Regex KeyRing();

    /// <summary>
    /// The database as one text (and its bytes): the SQLite file with its journal, or pg_dump's output; and the Data
    /// Protection keys it holds (from the dump's COPY lines; from the SQLite file opened read-only on its own).
    /// </summary>
    private async Task<(string Text, byte[] Raw, List<string> Ring)> DumpAsync()
    {
        if (app.IsPostgres)
        {
            var dump = await app.Postgres!.DumpAsync("shegong_tests");
            var keys = KeyRing().Matches(dump).Select(m => m.Value.Replace("\\n", "\n").Replace("\\t", "\t").Replace("\\\\", "\\")).Distinct().ToList();
            return (dump, Encoding.UTF8.GetBytes(dump), keys);
        }
        var path = new SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        var bytes = new List<byte>();
        foreach (var f in new[] { path, path + "-wal", path + "-journal" }.Where(File.Exists))
        {
            using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new MemoryStream();
            await s.CopyToAsync(buffer);
            bytes.AddRange(buffer.ToArray());
        }
        var raw = bytes.ToArray();
        var ring = new List<string>();
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT xml FROM data_protection_keys";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ring.Add(reader.GetString(0));
        }
        return (Encoding.UTF8.GetString(raw), raw, ring);
    }

    /// <summary>Data Protection over the dump's keys only, with (or without) the master key, as the cookie handler would use it.</summary>
    private static AuthenticationTicket? Unprotect(List<string> ring, string cookie, MasterKey? master)
    {
        var services = new ServiceCollection().AddLogging();
        if (master is not null) services.AddSingleton(master);
        services.AddDataProtection().SetApplicationName("Shegong").DisableAutomaticKeyGeneration();
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(
            new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new Ring(ring)));
        using var sp = services.BuildServiceProvider();
        var protector = sp.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Identity.Application", "v2");
        try { return new TicketDataFormat(protector).Unprotect(cookie); }
        catch (Exception) { return null; }
    }

    private sealed class Ring(List<string> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => [.. keys.Select(k => XElement.Parse(k))];
        public void StoreElement(XElement element, string friendlyName) => throw new InvalidOperationException("read-only");
    }

    /// <summary>A real sign-in cookie of the login page (worker), read from its Set-Cookie (chunks joined).</summary>
    private async Task<string> SignInCookieAsync()
    {
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/account/login");
        var cookies = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = "worker", ["Input.Password"] = AppFixture.DemoPassword, ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        var response = await client.SendAsync(post);
        ((int)response.StatusCode).ShouldBe(302);
        var set = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("shegong.auth"))
            .ToDictionary(c => c[..c.IndexOf('=')], c => c[(c.IndexOf('=') + 1)..]);
        var value = set["shegong.auth"];
        if (value.StartsWith("chunks-"))
            value = string.Concat(Enumerable.Range(1, int.Parse(value["chunks-".Length..])).Select(i => set["shegong.authC" + i]));
        return value;
    }
}
