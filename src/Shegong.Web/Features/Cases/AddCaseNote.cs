using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>过程记录: a dated contact by method and duration, on an open case (a closed one takes none); it ends the open next-contact task and may set the next contact date.</summary>
public static class AddCaseNote
{
    public sealed record Command(Guid CaseId, DateOnly? On, ContactMethod? Method, int? Minutes, string? Text, DateOnly? NextContactOn = null);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user) return CommandResult.NotFound;
            var @case = await db.CasesOf().AsNoTracking().SingleOrDefaultAsync(x => x.Id == c.CaseId, ct);
            if (@case is null) return CommandResult.NotFound;
            try
            {
                var note = CaseNote.Write(@case, c.On, c.Method ?? 0, c.Minutes, c.Text, user, ChinaTime.Today, DateTime.UtcNow, c.NextContactOn);
                db.Set<CaseNote>().Add(note);
                await CaseTaskSync.NoteWrittenAsync(db, @case, note, ChinaTime.Today, ct);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(note.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}
