using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Visits.Contracts;

/// <summary>
/// The needs found on visits (<see cref="Need"/>) belong to Visits, which records them. Another module that answers
/// a need (a wish, later a case or a referral) takes it up and gives it back only through these methods, in the
/// caller's unit of work (the change is saved with the caller's one SaveChanges).
/// </summary>
public static class NeedLedger
{
    public enum TakeUpOutcome { TakenUp, NotFound, NotOpen }

    /// <summary>Takes up an open need of the person for <paramref name="reference"/> (e.g. "Wish:{id}").</summary>
    public static async Task<TakeUpOutcome> TakeUpNeedAsync(this ShegongDbContext db, Guid needId, Guid personId, string reference, DateOnly on,
        CancellationToken ct)
    {
        var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == needId && n.PersonId == personId, ct);
        if (need is null) return TakeUpOutcome.NotFound;
        if (need.Status != NeedStatus.Open) return TakeUpOutcome.NotOpen;
        need.TakeUp(reference, on);
        return TakeUpOutcome.TakenUp;
    }

    /// <summary>Opens the need again if <paramref name="reference"/> is what took it up; otherwise leaves it alone.</summary>
    public static async Task GiveBackNeedAsync(this ShegongDbContext db, Guid needId, string reference, CancellationToken ct)
    {
        if (await db.Needs.SingleOrDefaultAsync(n => n.Id == needId, ct) is { } need && need.TakenUpBy == reference)
            need.GiveBack(reference);
    }
}
