using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// One person's file. The ID number and phones are masked unless <see cref="Query.Reveal"/> asks for them in
/// full; either way the read is written to the audit log (the file holds health and children's data), the full
/// view saying so.
/// </summary>
public static class GetPerson
{
    public sealed record Query(Guid Id, bool Reveal = false);

    public sealed record Member(Guid Id, string Name, HouseholdRelation Relation, int Age, PersonStatus Status);
    public sealed record HouseholdView(Guid Id, string Address, string ActualAddress, ResidenceStatus ResidenceStatus,
        LivingArrangement LivingArrangement, string EconomicSources, AssistanceKinds Assistance, IReadOnlyList<Member> Members);
    public sealed record VisitItem(Guid Id, DateOnly VisitedOn, VisitMethod Method, string VisitorName, FollowUpTier Tier, VisitRecord Record);
    public sealed record NeedItem(Guid Id, NeedCategory Category, string Description, NeedStatus Status, DateOnly FoundOn);

    public sealed record Result(
        Guid Id, int Version, string Name, Gender Gender, string Ethnicity, DateOnly BirthDate, int Age,
        string IdNumber, string Phone, string EmergencyContactName, string EmergencyContactPhone, bool Revealed,
        PersonTypes Types, FollowUpTier Tier, LegalBasis LegalBasis, string ConsentNote, bool SevereMentalDisorder,
        HealthSection Health, ElderlySection Elderly, ChildSection Child,
        PersonStatus Status, DateOnly? StatusChangedOn, string StatusNote,
        string CommunityCode, string CommunityName, Guid? ResponsibleWorkerId, string ResponsibleWorkerName,
        DateOnly RegisteredOn, DateOnly? LastVisitOn, DateOnly? NextVisitDue, int OverdueDays, DateOnly? EventReportedOn, string EventNote,
        HouseholdRelation Relation, HouseholdView Household, IReadOnlyList<VisitItem> Visits, IReadOnlyList<NeedItem> OpenNeeds);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            var p = await db.Persons.AsNoTracking().SingleOrDefaultAsync(x => x.Id == q.Id, ct);
            if (p is null) return null;
            var today = ChinaTime.Today;
            var community = await db.Regions.AsNoTracking().Where(r => r.Id == p.CommunityId).Select(r => new { r.Code, r.Name }).SingleAsync(ct);
            var worker = p.ResponsibleWorkerId is { } wid
                ? await db.Users.AsNoTracking().Where(u => u.Id == wid).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? ""
                : "";
            var h = await db.Households.AsNoTracking().SingleAsync(x => x.Id == p.HouseholdId, ct);
            var members = (await db.Persons.AsNoTracking().Where(x => x.HouseholdId == h.Id)
                    .OrderBy(x => x.Relation).ThenBy(x => x.BirthDate)
                    .Select(x => new { x.Id, x.Name, x.Relation, x.BirthDate, x.Status }).ToListAsync(ct))
                .Select(x => new Member(x.Id, x.Name, x.Relation, PersonRules.AgeOn(x.BirthDate, today), x.Status)).ToList();
            var visits = await db.Visits.AsNoTracking().Where(v => v.PersonId == p.Id)
                .OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.RecordedAtUtc).Take(50)
                .Select(v => new VisitItem(v.Id, v.VisitedOn, v.Method, v.VisitorName, v.Tier, v.Record)).ToListAsync(ct);
            var needs = await db.Needs.AsNoTracking().Where(n => n.PersonId == p.Id && n.Status == NeedStatus.Open)
                .OrderByDescending(n => n.FoundOn)
                .Select(n => new NeedItem(n.Id, n.Category, n.Description, n.Status, n.FoundOn)).ToListAsync(ct);

            db.RecordRead(nameof(Person), p.Id.ToString(), p.StationId, p.RegionPrefix,
                q.Reveal ? "full:IdNumber,Phone,EmergencyContactPhone" : "file");
            await db.SaveChangesAsync(ct);

            string Id(string? v) => q.Reveal ? v ?? "" : ResidentId.Mask(v);
            string Phone(string v) => q.Reveal ? v : PhoneNumber.Mask(v);
            var overdue = p.NextVisitDue is { } due && due < today ? today.DayNumber - due.DayNumber : 0;
            return new Result(p.Id, p.Version, p.Name, p.Gender, p.Ethnicity, p.BirthDate, p.AgeOn(today),
                Id(p.IdNumber), Phone(p.Phone), p.EmergencyContactName, Phone(p.EmergencyContactPhone), q.Reveal,
                p.Types, p.Tier, p.LegalBasis, p.ConsentNote, p.SevereMentalDisorder,
                p.Health with { DisabilityCardNumber = q.Reveal ? p.Health.DisabilityCardNumber : DisabilityCardNumber.Mask(p.Health.DisabilityCardNumber) },
                p.Elderly, p.Child with { GuardianPhone = Phone(p.Child.GuardianPhone) },
                p.Status, p.StatusChangedOn, p.StatusNote, community.Code, community.Name, p.ResponsibleWorkerId, worker,
                p.RegisteredOn, p.LastVisitOn, p.NextVisitDue, overdue, p.EventReportedOn, p.EventNote,
                p.Relation, new HouseholdView(h.Id, h.Address, h.ActualAddress, h.ResidenceStatus, h.LivingArrangement, h.EconomicSources, h.Assistance, members),
                visits, needs);
        }

    }
}
