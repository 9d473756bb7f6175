using Microsoft.EntityFrameworkCore;
using Shegong.Web.Features.Notifications.Contracts;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// Tells a station's workers and manager what happened to one of their wishes (a citizen claimed it, a claimant
/// withdrew, a claim was released, a wish passed its wanted-by date): in the app, saved with the caller's save, and
/// by e-mail to those with an address once the work is committed, when <c>Smtp:Host</c> is set. The one acting may be
/// a citizen on the public board (no scope): the station's staff accounts are found as the system, for that look-up only.
/// </summary>
public sealed class StaffNotices(ShegongDbContext db, NotifyUser.Handler notify, ScopeProvider scopes)
{
    private readonly List<(Guid StationId, string Title, string Body)> _mail = [];

    public async Task AddAsync(Guid stationId, string title, string body, string link, CancellationToken ct = default)
    {
        List<(Guid Id, string Name)> workers;
        using (scopes.RunAsSystem("staff notice: the accounts of the wish's station, whoever acts"))
            workers = await db.StationWorkersAsync(stationId, ct);
        foreach (var (id, _) in workers) notify.Add(id, title, body, link);
        if (notify.MailConfigured) _mail.Add((stationId, title, body));
    }

    /// <summary>After the commit: the e-mails of what was added (best effort; a failure is logged by the notifier).</summary>
    public async Task MailAsync(CancellationToken ct = default)
    {
        foreach (var (stationId, title, body) in _mail)
        {
            List<string> addresses;
            using (scopes.RunAsSystem("staff notice: the e-mail addresses of the wish's station's staff, whoever acts"))
            {
                var ids = (await db.StationWorkersAsync(stationId, ct)).Select(w => w.Id).ToList();
                addresses = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Email != null && u.Email != "").Select(u => u.Email!).ToListAsync(ct);
            }
            foreach (var to in addresses) await notify.MailAsync(to, title, body, ct);
        }
        _mail.Clear();
    }
}
