using Microsoft.EntityFrameworkCore;
using QRCoder;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The printable claim list (认领清单) for a shopping-centre entrance: the station's open wishes as on the public
/// board (anonymised), each with a QR code that opens its claim form. Links use <c>App:PublicUrl</c> when set (the
/// address citizens reach), else the address the page was opened at.
/// </summary>
public static class WishPoster
{
    public const int MaxWishes = 100;

    public sealed record Query(string BaseUrl, WishCategory? Category = null);
    public sealed record Entry(ListBoard.Card Card, string Url, string QrSvg);
    public sealed record Result(string Station, IReadOnlyList<Entry> Entries, int Total, string BaseUrl, StationContacts.Contact? Contact = null);

    public static string PublicBase(IConfiguration config, string requestBase) =>
        (config["App:PublicUrl"] is { Length: > 0 } url ? url : requestBase).TrimEnd('/');

    public sealed class Handler(ShegongDbContext db, ListBoard.Handler board)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            // The station's own wishes (scope filter), then their public cards exactly as the board shows them.
            var open = db.Wishes.AsNoTracking()
                .Where(w => (w.Status == WishStatus.Published || w.Status == WishStatus.Dispatching) && w.UnitsClaimed < w.Quantity);
            if (q.Category is { } c) open = open.Where(w => w.Category == c);
            var total = await open.CountAsync(ct);
            var ids = await open.OrderBy(w => w.PublishedOn).ThenBy(w => w.Id).Select(w => w.Id).Take(MaxWishes).ToArrayAsync(ct);
            var own = await db.Stations.Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(ct);
            var station = own?.Name ?? "";
            var contact = own is null ? null : (await StationContacts.GetAsync(db, [own.Id], ct)).FirstOrDefault();
            var cards = ids.Length == 0 ? [] : (await board.HandleAsync(new ListBoard.Query(Ids: ids, PageSize: MaxWishes), ct)).Items;
            using var qr = new QRCodeGenerator();
            var entries = cards.Select(card =>
            {
                var url = $"{q.BaseUrl}/board/claim?wish={card.Id}";
                using var data = qr.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
                var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
                return new Entry(card, url, svg);
            }).ToList();
            return new Result(station, entries, total, q.BaseUrl, contact);
        }
    }
}
