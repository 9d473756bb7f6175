using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// <c>generate-cases --cases N [--notes M] [--referrals R] [--seed K] [--password P]</c>: a synthetic case load over
/// every station with people on file (the speed benchmark: 200,000 cases, 2,000,000 notes, 300,000 referrals). Each
/// station without social workers gets three (<c>cw{code}-1..3</c>) and a manager (<c>cm{code}</c>), all with the
/// given password. Every case is driven through <see cref="Case"/>'s own rules (stages in order, documents written,
/// closing approved), its notes written in the stages that allow them, its referrals answered, done and confirmed in
/// a mix that leaves some overdue. PostgreSQL loads by binary COPY; SQLite through EF in batches. Referrals go to
/// units outside the system (no receiving station's copies). The figures are rebuilt afterwards (<c>rebuild-stats</c>).
/// </summary>
public sealed class GenerateCases(ShegongDbContext db, UserManager<AppUser> users, IConfiguration config)
{
    public sealed record Options(int Cases, int Notes, int Referrals, int Seed = 1, string Password = "Demo2026pass");

    public static readonly ModuleCommand Command = new("generate-cases",
        "generate-cases --cases N [--notes M] [--referrals R] [--seed 1] [--password P]", async c =>
        {
            var cfg = c.Configuration;
            if (!int.TryParse(cfg["cases"], out var n) || n <= 0)
            {
                Console.Error.WriteLine("usage: generate-cases --cases N [--notes M (10 a case)] [--referrals R (1.5 a case)] [--seed 1] [--password P]");
                return 2;
            }
            await c.Db.Database.MigrateAsync();
            var o = new Options(n, int.TryParse(cfg["notes"], out var m) ? m : n * 10, int.TryParse(cfg["referrals"], out var r) ? r : n * 3 / 2,
                int.TryParse(cfg["seed"], out var k) ? k : 1,
                new[] { cfg["password"], cfg["Seed:DemoPassword"] }.FirstOrDefault(p => !string.IsNullOrEmpty(p)) ?? "Demo2026pass");
            await c.Services.GetRequiredService<GenerateCases>().RunAsync(o, Console.Out);
            return 0;
        });

    private static readonly string[] Problems = ["独居，行动不便，无人照料", "患病未就医，担心费用", "子女长期在外，情绪低落", "家庭矛盾，照顾压力大", "低保续办困难", "留守儿童学业困难"];
    private static readonly string[] Goals = ["协助就医并落实医保报销", "链接居委会定期探访", "申请临时救助", "建立邻里互助支持", "改善情绪状况"];
    private static readonly string[] Receivers = ["区人民医院", "街道民政办", "居委会", "社会组织服务中心", "区残联"];

    public async Task RunAsync(Options o, TextWriter output, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var today = ChinaTime.Today;
        var calendar = CaseSettings.Calendar(config);
        var stations = await db.PersonEntries().Select(p => p.StationId).Distinct().ToListAsync(ct);
        if (stations.Count == 0) { output.WriteLine("No station has people on file: generate ledgers first (generate --persons N)."); return; }
        stations.Sort();
        var random = new Random(o.Seed);
        var isPostgres = db.Database.ProviderName?.Contains("Npgsql") == true;
        var notesPerCase = (double)o.Notes / o.Cases;
        var referralsPerCase = (double)o.Referrals / o.Cases;
        long cases = 0, notes = 0, referrals = 0;
        var batch = new Batch();
        for (var i = 0; i < stations.Count; i++)
        {
            var station = stations[i];
            var count = o.Cases / stations.Count + (i < o.Cases % stations.Count ? 1 : 0);
            if (count == 0) continue;
            var (workers, manager) = await EnsureWorkersAsync(station, o.Password, ct);
            var persons = await db.PersonEntries().Where(p => p.StationId == station).OrderBy(p => p.Id).Take(Math.Max(count * 2, 50))
                .Select(p => new { p.Id, p.StationId, p.RegionPrefix, p.HouseholdId }).ToListAsync(ct);
            for (var c = 0; c < count; c++)
            {
                var p = persons[random.Next(persons.Count)];
                var person = new VisitSubjectRef(p.Id, p.StationId, p.RegionPrefix, p.HouseholdId);
                Make(batch, person, workers, manager, today, calendar, random, Spread(random, notesPerCase), Spread(random, referralsPerCase));
            }
            if (batch.Cases.Count >= 5_000 || i == stations.Count - 1)
            {
                (cases, notes, referrals) = (cases + batch.Cases.Count, notes + batch.Notes.Count, referrals + batch.Referrals.Count);
                await SaveAsync(batch, isPostgres, ct);
                batch = new Batch();
                output.WriteLine($"  {i + 1:N0} of {stations.Count:N0} stations: {cases:N0} cases, {notes:N0} notes, {referrals:N0} referrals ({clock.Elapsed.TotalSeconds:0}s)");
            }
        }
        output.WriteLine($"Generated {cases:N0} cases, {notes:N0} notes and {referrals:N0} referrals in {stations.Count:N0} stations; {clock.Elapsed.TotalSeconds:0}s. Run rebuild-stats for the figures.");
    }

    internal sealed class Batch
    {
        public List<Case> Cases { get; } = [];
        public List<CaseStageChange> Changes { get; } = [];
        public List<CaseNote> Notes { get; } = [];
        public List<Referral> Referrals { get; } = [];
        public List<CaseTask> Tasks { get; } = [];
    }

    /// <summary>A whole number around <paramref name="mean"/> (uniform on 0..2×mean): the totals come out near N.</summary>
    private static int Spread(Random random, double mean) => (int)Math.Round(random.NextDouble() * 2 * mean);

    /// <summary>
    /// One case from its opening to where it stands today, by the domain's own rules: its timeline is drawn first
    /// (each stage 3–30 days, intervention up to 120), then the case is driven along it, its notes and referrals
    /// written on their days while the case is in a stage that allows them.
    /// </summary>
    internal static void Make(Batch batch, VisitSubjectRef person, List<Guid> workers, Guid manager, DateOnly today, WorkingCalendar calendar,
        Random random, int noteCount, int referralCount)
    {
        var worker = workers[random.Next(workers.Count)];
        var co = random.Next(4) == 0 ? workers.Where(w => w != worker).Take(1).ToList() : [];
        var opened = today.AddDays(-random.Next(0, 730));
        var source = (CaseSource)(random.Next(3) switch { 0 => 1, 1 => 2, _ => 1 + random.Next(4) });
        var risk = (RiskLevel)(1 + random.Next(3));
        var c = Case.Open(person, source, risk, worker, co, IntakeRecord.Checked(Problems[random.Next(Problems.Length)], "希望得到帮助"), opened, worker);
        // Where the case is heading (it may not get there by today): most close, some stay open at each stage.
        var target = random.Next(100) switch
        {
            < 4 => CaseStage.NotTaken,
            < 9 => CaseStage.Intake,
            < 14 => CaseStage.Assessment,
            < 19 => CaseStage.Planning,
            < 42 => CaseStage.Intervention,
            < 47 => CaseStage.Evaluation,
            _ => CaseStage.Closed,
        };
        // The timeline: the day each stage ends (null: it has not ended by today).
        var ends = new List<(CaseStage Stage, DateOnly End)>();
        var day = opened;
        if (target == CaseStage.NotTaken)
        {
            var end = day.AddDays(random.Next(1, 5));
            if (end <= today) ends.Add((CaseStage.Intake, end));
        }
        else
            foreach (var stage in new[] { CaseStage.Intake, CaseStage.Assessment, CaseStage.Planning, CaseStage.Intervention, CaseStage.Evaluation })
            {
                if (target == stage) break;
                var end = day.AddDays(random.Next(3, stage == CaseStage.Intervention ? 120 : 30));
                if (end > today) break;
                ends.Add((stage, end));
                day = end;
            }
        var lastOpenDay = ends.Count == (target == CaseStage.NotTaken ? 1 : 5) && ends.Count > 0 ? ends[^1].End : today;
        var span = lastOpenDay.DayNumber - opened.DayNumber + 1;
        var noteDays = Enumerable.Range(0, noteCount).Select(_ => opened.AddDays(random.Next(span))).Order().ToList();
        var sentDays = Enumerable.Range(0, referralCount).Select(_ => opened.AddDays(random.Next(span))).Order().ToList();
        int nextNote = 0, nextReferral = 0, firstReferral = batch.Referrals.Count;
        // Notes and referrals up to a day (exclusive), written while the case is in its current stage.
        void WriteUntil(DateOnly until)
        {
            for (; nextNote < noteDays.Count && noteDays[nextNote] < until; nextNote++)
                batch.Notes.Add(CaseNote.Write(c, noteDays[nextNote], (ContactMethod)(1 + random.Next(5)), 15 + random.Next(90),
                    Problems[random.Next(Problems.Length)] + "，已跟进", worker, noteDays[nextNote], DateTime.UtcNow));
            for (; nextReferral < sentDays.Count && sentDays[nextReferral] < until; nextReferral++)
                batch.Referrals.Add(ReferralOn(c, sentDays[nextReferral], today, calendar, random, worker));
        }
        foreach (var (stage, end) in ends)
        {
            WriteUntil(end);
            switch (stage)
            {
                case CaseStage.Intake when target == CaseStage.NotTaken:
                    WriteUntil(end.AddDays(1));
                    c.DeclineAtIntake("不属于本站服务范围", "街道民政办", end, worker);
                    break;
                case CaseStage.Intake:
                    c.Advance(CaseStage.Assessment, end, worker);
                    break;
                case CaseStage.Assessment:
                    c.WriteAssessment(AssessmentRecord.Checked(Problems[random.Next(Problems.Length)], "邻里关系好，愿意配合", "", "女儿在外地，每月来电", null));
                    c.Advance(CaseStage.Planning, end, worker);
                    break;
                case CaseStage.Planning:
                    var goals = Enumerable.Range(0, 1 + random.Next(3)).Select(g => ((string?)Goals[(g + random.Next(Goals.Length)) % Goals.Length],
                        (string?)"社工跟进，联动居委会", (DateOnly?)end.AddDays(30 + random.Next(90)))).ToList();
                    c.WritePlan(PlanRecord.Checked(goals, end));
                    c.Advance(CaseStage.Intervention, end, worker);
                    break;
                case CaseStage.Intervention:
                    c.Advance(CaseStage.Evaluation, end, worker);
                    break;
                case CaseStage.Evaluation:
                    c.WriteEvaluation(c.Plan.Items.Select(g => new GoalAttainment(g.Number, (Attainment)(1 + random.Next(3)))).ToList(), "服务目标基本达成");
                    WriteUntil(end.AddDays(1));
                    c.RequestClosing(ClosingReason.GoalsAttained, "服务对象情况稳定", end, worker);
                    c.ApproveClosing(true, end, manager);
                    break;
            }
        }
        if (c.IsOpen) WriteUntil(today.AddDays(1));
        // The case's tasks as its writes would have left them: one per referral and per goal, ended once satisfied (or the case closed).
        foreach (var r in batch.Referrals.Skip(firstReferral))
        {
            var t = CaseTask.ForReferral(c, r);
            if (r.Status is ReferralStatus.Declined or ReferralStatus.Done) t.End(TaskClosure.Satisfied, r.AnsweredOn ?? today);
            else if (!c.IsOpen) t.End(TaskClosure.CaseClosed, c.ClosedOn ?? today);
            batch.Tasks.Add(t);
        }
        foreach (var g in c.Plan.Items)
        {
            var t = CaseTask.ForGoal(c, g);
            if (c.Evaluation.IsWritten) t.End(TaskClosure.Satisfied, c.StageSince);
            else if (!c.IsOpen) t.End(TaskClosure.CaseClosed, c.ClosedOn ?? today);
            batch.Tasks.Add(t);
        }
        batch.Cases.Add(c);
        batch.Changes.AddRange(c.NewChanges);
    }

    private static Referral ReferralOn(Case c, DateOnly sent, DateOnly today, WorkingCalendar calendar, Random random, Guid worker)
    {
        var kind = (ReceiverKind)(random.Next(5) switch { 0 => 1, 1 => 2, 2 => 3, 3 => 4, _ => 9 });
        var referral = Referral.Send(c, kind, Receivers[random.Next(Receivers.Length)], null, "需要专业服务", "请协助评估并提供服务",
            SharedField.Name | SharedField.Age | SharedField.Phone, LegalBasis.StatutoryDuty, null, 3 + random.Next(8), sent, calendar, worker);
        // Most referrals are answered, some late or never: the open ones past their deadline are overdue.
        var answer = sent.AddDays(1 + random.Next(10));
        if (answer > today || random.Next(30) == 0) return referral;
        if (random.Next(8) == 0) { referral.Answer(ReferralStatus.Declined, "超出服务范围", answer); return referral; }
        referral.Answer(ReferralStatus.Accepted, null, answer);
        var done = answer.AddDays(random.Next(20));
        if (done > today || random.Next(20) == 0) return referral;
        referral.Answer(ReferralStatus.Done, "已提供服务", done);
        var confirmed = done.AddDays(random.Next(10));
        if (confirmed > today || random.Next(3) == 0) return referral;
        referral.Confirm(confirmed, ConfirmationMethod.Call, (ConfirmationAnswer)(random.Next(10) switch { < 7 => 1, < 9 => 2, _ => 3 }), null, today);
        return referral;
    }

    private async Task SaveAsync(Batch batch, bool isPostgres, CancellationToken ct)
    {
        if (isPostgres)
        {
            await PostgresBulkCopy.CopyAsync(db, batch.Cases, ct);
            await PostgresBulkCopy.CopyAsync(db, batch.Changes, ct);
            await PostgresBulkCopy.CopyAsync(db, batch.Notes, ct);
            await PostgresBulkCopy.CopyAsync(db, batch.Referrals, ct);
            await PostgresBulkCopy.CopyAsync(db, batch.Tasks, ct);
            return;
        }
        db.SuppressEntityAudit = true;
        try
        {
            db.AddRange(batch.Cases);
            db.AddRange(batch.Changes);
            db.AddRange(batch.Notes);
            db.AddRange(batch.Referrals);
            db.AddRange(batch.Tasks);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        finally { db.SuppressEntityAudit = false; }
    }

    /// <summary>The station's social workers (three made when it has none) and its manager (made when it has none).</summary>
    private string? passwordHash;

    private async Task<(List<Guid> Workers, Guid Manager)> EnsureWorkersAsync(Guid station, string password, CancellationToken ct)
    {
        var staff = (await db.StationWorkersAsync(station, ct)).Select(s => s.Id).ToList();
        var roles = staff.Count == 0 ? [] : await db.UserRoles.Where(ur => staff.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var workers = roles.Where(r => r.Name == Roles.SocialWorker).Select(r => r.UserId).Distinct().ToList();
        var manager = roles.FirstOrDefault(r => r.Name == Roles.StationManager)?.UserId;
        var site = await db.Stations.AsNoTracking().Where(s => s.Id == station).Select(s => new { s.RegionId, s.RegionPrefix }).SingleAsync(ct);
        var code = site.RegionPrefix;
        async Task<Guid> MakeAsync(string userName, string displayName, string role)
        {
            var user = new AppUser { UserName = userName, DisplayName = displayName, StationId = station, RegionPrefix = site.RegionPrefix };
            // One hash for all (hashing is slow on purpose; a salt shared by benchmark accounts harms no one).
            user.PasswordHash = passwordHash ??= users.PasswordHasher.HashPassword(user, password);
            var made = await users.CreateAsync(user);
            if (!made.Succeeded) throw new InvalidOperationException($"{userName}: {string.Join("; ", made.Errors.Select(e => e.Description))}");
            await users.AddToRoleAsync(user, role);
            return user.Id;
        }
        if (workers.Count == 0)
            for (var k = 1; k <= 3; k++) workers.Add(await MakeAsync($"cw{code}-{k}", $"社工{code[^3..]}-{k}", Roles.SocialWorker));
        manager ??= await MakeAsync($"cm{code}", $"站长{code[^3..]}", Roles.StationManager);
        return (workers, manager.Value);
    }
}
