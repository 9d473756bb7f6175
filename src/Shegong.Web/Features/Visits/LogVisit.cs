using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Visits;

/// <summary>
/// Logs a visit by the signed-in worker: method, date, the record sections and the needs found (each kept as a
/// <see cref="Need"/> for wishes, cases and referrals to take up). The person's next due date moves at once.
/// </summary>
public static class LogVisit
{
    public sealed record NeedInput(NeedCategory? Category, string? Description);
    public sealed record Command(Guid PersonId, VisitMethod? Method, DateOnly? VisitedOn, VisitRecord? Record, IReadOnlyList<NeedInput>? Needs);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IAuditContext who)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            // Two workers logging visits to one person at once: the person's version decides; the loser retries on fresh data.
            for (var attempt = 0; ; attempt++)
            {
                var person = await db.VisitSubjectAsync(c.PersonId, ct);
                if (person is null) return CommandResult.NotFound;
                if (c.Method is not { } method) return CommandResult.Invalid("Method", $"{l["Field.Method"]}：{l["Error.Required"]}");
                if (c.VisitedOn is not { } visitedOn) return CommandResult.Invalid("VisitedOn", $"{l["Field.VisitedOn"]}：{l["Error.Required"]}");
                // The name the worker signed in with (a claim, refreshed with the sign-in); the database only when there is none.
                var visitorName = who.DisplayName
                    ?? await db.Users.Where(u => u.Id == who.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? who.UserName;
                try
                {
                    var today = ChinaTime.Today;
                    var visit = Visit.Log(person, method, visitedOn, who.UserId, visitorName, c.Record ?? VisitRecord.Empty, today, DateTime.UtcNow);
                    await db.RecordVisitAsync(person.PersonId, visitedOn, await db.RulesForAsync(person.RegionPrefix, ct), ct);
                    db.Visits.Add(visit);
                    foreach (var n in (c.Needs ?? []).Where(n => !string.IsNullOrWhiteSpace(n.Description)))
                        db.Needs.Add(Need.Found(person, visit, n.Category ?? NeedCategory.Other, n.Description, visitedOn));
                    await db.SaveChangesAsync(ct);
                    return CommandResult.Ok(visit.Id);
                }
                catch (DomainException e) { db.ChangeTracker.Clear(); return CommandResult.Invalid(l, e); }
                catch (DbUpdateConcurrencyException) when (attempt < 3) { db.ChangeTracker.Clear(); }
            }
        }
    }
}
