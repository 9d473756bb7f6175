using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>Photos of a wish and delivery evidence: checked by content and size, stripped, encrypted, station-only, every view audited.</summary>
public sealed partial class WishPhotoTests(AppFixture app)
{
    // A tiny JPEG as a phone writes it: an Exif block carrying a location text, then the image.
    private static readonly byte[] Location = "GPS 23.0913N 113.4286E"u8.ToArray();
    private static readonly byte[] Jpeg =
    [
        0xFF, 0xD8, 0xFF, 0xE1, 0, (byte)(2 + 6 + Location.Length), .. "Exif\0\0"u8, .. Location,
        0xFF, 0xDB, 0, 4, 0, 1, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9,
    ];

    private static MultipartFormDataContent Upload(byte[] photo, string fileName = "photo.jpg", Guid? claimId = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", fileName);
        if (claimId is { } c) form.Add(new StringContent(c.ToString()), "claimId");
        return form;
    }

    [Fact]
    public async Task A_wish_photo_is_stripped_encrypted_shown_only_to_the_station_and_every_view_is_audited()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        (await worker.PostAsync($"/api/v1/wishes/{wish}/photos", Upload(Jpeg))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var photos = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("photos").EnumerateArray().ToList();
        photos.Count.ShouldBe(1);
        var photoId = photos[0].GetProperty("id").GetGuid();
        var shown = await worker.GetAsync($"/api/v1/wishes/{wish}/photos/{photoId}");
        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        shown.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        var bytes = await shown.Content.ReadAsByteArrayAsync();
        bytes[..2].ShouldBe(new byte[] { 0xFF, 0xD8 });
        bytes.AsSpan().IndexOf(Location).ShouldBe(-1); // the location is gone
        bytes[^12..].ShouldBe(Jpeg[^12..]);

        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var stored = await db.Database.SqlQueryRaw<byte[]>("SELECT data AS \"Value\" FROM wish_photos WHERE id = {0}", photoId).SingleAsync();
            stored.AsSpan().IndexOf(bytes.AsSpan(0, 8)).ShouldBe(-1); // encrypted at rest
            stored.Length.ShouldBeGreaterThan(bytes.Length);
            (await db.AuditEntries.IgnoreQueryFilters().CountAsync(e => e.Action == AuditAction.Read && e.EntityType == "WishPhoto" && e.EntityId == photoId.ToString()))
                .ShouldBe(1);
        }

        // Another station's worker, a citizen and the public board see nothing of it.
        using var other = await app.ClientAsAsync("worker2");
        (await other.GetAsync($"/api/v1/wishes/{wish}/photos/{photoId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/v1/wishes/{wish}/photos", Upload(Jpeg))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var citizen = app.AnonymousClient();
        (await citizen.GetAsync($"/api/v1/wishes/{wish}/photos/{photoId}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await citizen.GetStringAsync($"/board/claim?wish={wish}")).ShouldNotContain(photoId.ToString());
    }

    [Fact]
    public async Task Wrong_type_too_large_too_many_and_evidence_before_delivery_are_refused_in_chinese_and_nothing_is_kept()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        async Task<string> RefusedAsync(HttpContent content)
        {
            var response = await worker.PostAsync($"/api/v1/wishes/{wish}/photos", content);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            return body;
        }
        (await RefusedAsync(Upload("GIF89a-not-a-photo"u8.ToArray(), "photo.jpg"))).ShouldContain("JPG 或 PNG");
        (await RefusedAsync(Upload([.. Jpeg, .. new byte[6 * 1024 * 1024]]))).ShouldContain("不能超过 5 MB");
        (await RefusedAsync(Upload(Jpeg, claimId: Guid.NewGuid()))).ShouldContain("还没有登记送达");

        var four = new MultipartFormDataContent();
        for (var i = 0; i < 4; i++) { var f = new ByteArrayContent(Jpeg); four.Add(f, "photo", $"p{i}.jpg"); }
        (await RefusedAsync(four)).ShouldContain("最多只能上传 3 张");
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("photos").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Uploads_at_the_same_time_never_pass_the_limit_of_three_together()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var worker = await app.ClientAsAsync("worker");
            return (await worker.PostAsync($"/api/v1/wishes/{wish}/photos", Upload(Jpeg))).StatusCode;
        }));
        statuses.Count(s => s == HttpStatusCode.NoContent).ShouldBe(3);
        statuses.Count(s => s == HttpStatusCode.BadRequest).ShouldBe(3);
        using var check = await app.ClientAsAsync("worker");
        (await check.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("photos").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task The_delivery_form_records_the_date_note_and_photo_evidence_in_one_step()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var api = await app.ClientAsAsync("worker");
        var claim = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims")[0].GetProperty("id").GetGuid();

        using var browser = await app.BrowserAsAsync("worker");
        var page = await browser.GetStringAsync($"/wishes/{wish}");
        var form = new MultipartFormDataContent
        {
            { new StringContent($"deliver-{claim}"), "_handler" },
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent(Shegong.Web.Infrastructure.ChinaTime.Today.ToString("yyyy-MM-dd")), "DeliveredOn" },
            { new StringContent("电风扇已送到，老人试用正常"), "Note" },
        };
        var file = new ByteArrayContent(Jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", "evidence.jpg");
        var response = await browser.PostAsync($"/wishes/{wish}", form);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("已登记送达");
        html.ShouldContain("data-testid=\"delivery-photos\"");

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        detail.GetProperty("wish").GetProperty("status").GetString().ShouldBe("Delivered");
        var photo = detail.GetProperty("photos")[0];
        photo.GetProperty("claimId").GetGuid().ShouldBe(claim);
        // The page shows it with the sign-in cookie.
        (await browser.GetAsync($"/api/v1/wishes/{wish}/photos/{photo.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_poster_lists_the_stations_open_wishes_anonymised_with_a_qr_code_to_each_claim_form()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var personId = await RegistryApi.RegisterNewAsync(worker);
        var person = await RegistryApi.GetAsync(worker, personId, reveal: true);
        var wish = await WishApi.CreateAsync(worker, WishApi.Wish(personId, description: "一副老花镜（海报）"));
        (await WishApi.ReviewAsync(worker, wish, "Submit")).EnsureSuccessStatusCode();
        (await WishApi.ReviewAsync(manager, wish, "Approve")).EnsureSuccessStatusCode();

        using var browser = await app.BrowserAsAsync("worker");
        var html = await browser.GetStringAsync("/wishes/poster");
        html.ShouldContain("微心愿认领清单");
        html.ShouldContain("一副老花镜（海报）");
        html.ShouldContain($"/board/claim?wish={wish}");
        Regex.Count(html, "<svg").ShouldBeGreaterThanOrEqualTo(1);
        html.ShouldNotContain(person.Name);
        html.ShouldContain(person.Name[..1] + "某");

        // Another station's poster does not list it.
        using var other = await app.BrowserAsAsync("worker2");
        (await other.GetStringAsync("/wishes/poster")).ShouldNotContain(wish.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
