using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// A tap on a person's masked phone in a list (the overdue list): the full number is read only now, written to the
/// audit log like any full view, and handed to the phone's dialler as a <c>tel:</c> address. Lists therefore never
/// carry full numbers, and a worker calling from the doorstep needs no extra step.
/// </summary>
public static class CallPerson
{
    public sealed record Query(Guid PersonId);

    public sealed class Handler(ShegongDbContext db)
    {
        /// <summary>The <c>tel:</c> address, or null when the person is not in scope or has no phone on file.</summary>
        public async Task<string?> HandleAsync(Query q, CancellationToken ct = default)
        {
            var p = await db.Persons.AsNoTracking().Where(x => x.Id == q.PersonId)
                .Select(x => new { x.Id, x.Phone, x.StationId, x.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (p is null || string.IsNullOrWhiteSpace(p.Phone)) return null;
            db.RecordRead(nameof(Person), p.Id.ToString(), p.StationId, p.RegionPrefix, "call:Phone");
            await db.SaveChangesAsync(ct);
            return TelAddress(p.Phone);
        }
    }

    /// <summary>"020-87654321转123" → "tel:02087654321,123" (a comma is a pause before the extension in diallers).</summary>
    public static string TelAddress(string phone)
    {
        if (!PhoneNumber.TryNormalize(phone, out var n, out _) || n.Length == 0)
            return "tel:" + new string(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        var parts = n.Split('-'); // mobile: one part; landline: area, local and maybe the extension
        return "tel:" + string.Concat(parts.Take(2)) + (parts.Length > 2 ? "," + parts[2] : "");
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/persons/{id:guid}/call", async (Guid id, Handler h, CancellationToken ct) =>
                await h.HandleAsync(new Query(id), ct) is { } tel ? Results.Redirect(tel) : Results.NotFound())
            .RequireAuthorization(Policies.StationWorkers).ExcludeFromDescription();
}
