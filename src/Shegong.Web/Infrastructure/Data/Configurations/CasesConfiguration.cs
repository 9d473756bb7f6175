using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>
/// Cases, their stage changes and notes, referrals and the receiving station's copies, supervisor assignments and
/// checklists. Every narrative field (the case's documents, notes, reasons, feedback, what a referral shares) is
/// encrypted, bound to its table, column and row.
/// </summary>
internal static class CasesConfiguration
{
    public static void Apply(ModelBuilder builder, IFieldProtector protector)
    {
        var text = Encrypted.String(protector);
        builder.Entity<Case>(b =>
        {
            b.ToTable("cases");
            b.HasKey(c => c.Id);
            b.Property(c => c.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(c => c.AccessList).HasMaxLength(400).IsRequired();
            b.Property(c => c.Version).IsConcurrencyToken();
            b.PrimitiveCollection(c => c.CoWorkers);
            // Cases opened before these columns: the risk at intake is taken as today's, the types are the person's now (migration).
            b.Property(c => c.OpenedRisk);
            b.Property(c => c.PersonTypes);
            b.Property(c => c.Intake).HasConversion(Encrypted.Record<IntakeRecord>(protector), Encrypted.RecordComparer<IntakeRecord>());
            b.Property(c => c.Assessment).HasConversion(Encrypted.Record<AssessmentRecord>(protector), Encrypted.RecordComparer<AssessmentRecord>());
            b.Property(c => c.Plan).HasConversion(Encrypted.Record<PlanRecord>(protector), Encrypted.RecordComparer<PlanRecord>());
            b.Property(c => c.Evaluation).HasConversion(Encrypted.Record<EvaluationRecord>(protector), Encrypted.RecordComparer<EvaluationRecord>());
            b.Property(c => c.Closing).HasConversion(Encrypted.Record<ClosingRecord>(protector), Encrypted.RecordComparer<ClosingRecord>());
            b.Ignore(c => c.NewChanges);
            b.Ignore(c => c.IsOpen);
            b.HasIndex(c => new { c.StationId, c.Stage });
            b.HasIndex(c => new { c.WorkerId, c.Stage });
            b.HasIndex(c => c.PersonId);
            b.HasIndex(c => c.NeedId);
            b.HasOne<Station>().WithMany().HasForeignKey(c => c.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.WorkerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseStageChange>(b =>
        {
            b.ToTable("case_stage_changes");
            b.HasKey(c => c.Id);
            b.Property(c => c.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(c => c.AccessList).HasMaxLength(400).IsRequired();
            b.Property(c => c.Reason).HasConversion(text);
            b.HasIndex(c => new { c.CaseId, c.On });
            b.HasIndex(c => new { c.StationId, c.On });
            b.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseNote>(b =>
        {
            b.ToTable("case_notes");
            b.HasKey(n => n.Id);
            b.Property(n => n.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(n => n.AccessList).HasMaxLength(400).IsRequired();
            b.Property(n => n.Text).HasConversion(text).IsRequired();
            b.HasIndex(n => new { n.CaseId, n.On });
            b.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<LinkageMeeting>(b =>
        {
            b.ToTable("linkage_meetings");
            b.HasKey(m => m.Id);
            b.Property(m => m.RegionPrefix).HasMaxLength(12).IsRequired();
            // The union of the discussed cases' workers: at most 10 cases of at most 6 workers each.
            b.Property(m => m.AccessList).HasMaxLength(2000).IsRequired();
            b.Property(m => m.Parties).HasConversion(Encrypted.Record<MeetingParties>(protector), Encrypted.RecordComparer<MeetingParties>());
            b.Property(m => m.Minutes).HasConversion(text).IsRequired();
            b.PrimitiveCollection(m => m.CaseIds);
            b.HasIndex(m => new { m.StationId, m.HeldOn });
            b.HasOne<Station>().WithMany().HasForeignKey(m => m.StationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<LinkageMeetingCase>(b =>
        {
            b.ToTable("linkage_meeting_cases");
            b.HasKey(m => new { m.CaseId, m.MeetingId });
            b.Property(m => m.RegionPrefix).HasMaxLength(12).IsRequired();
            b.HasIndex(m => m.MeetingId);
            b.HasOne<LinkageMeeting>().WithMany().HasForeignKey(m => m.MeetingId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseTask>(b =>
        {
            b.ToTable("case_tasks");
            b.HasKey(t => t.Id);
            b.Property(t => t.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(t => t.AccessList).HasMaxLength(440).IsRequired();
            b.Property(t => t.OwnerUnit).HasMaxLength(LinkageMeeting.NameMax).IsRequired();
            b.Property(t => t.Title).HasConversion(text).IsRequired();
            b.Property(t => t.Version).IsConcurrencyToken();
            // A worker's list: one range of this index (assignee, open, due date), bounded by the window asked.
            b.HasIndex(t => new { t.AssigneeId, t.IsOpen, t.DueOn });
            b.HasIndex(t => new { t.CaseId, t.IsOpen });
            b.HasIndex(t => t.SourceId);
            b.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Referral>(b =>
        {
            b.ToTable("referrals");
            b.HasKey(r => r.Id);
            b.Property(r => r.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(r => r.AccessList).HasMaxLength(400).IsRequired();
            b.Property(r => r.ReceiverName).HasMaxLength(Referral.NameMax).IsRequired();
            b.Property(r => r.Reason).HasConversion(text).IsRequired();
            b.Property(r => r.Request).HasConversion(text).IsRequired();
            b.Property(r => r.BasisNote).HasConversion(text).IsRequired();
            b.Property(r => r.Feedback).HasConversion(text).IsRequired();
            b.Property(r => r.ConfirmationNote).HasConversion(text).IsRequired();
            b.Property(r => r.Version).IsConcurrencyToken();
            b.HasIndex(r => r.CaseId);
            b.HasIndex(r => new { r.StationId, r.Status, r.DueOn });
            b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ReferralReceipt>(b =>
        {
            b.ToTable("referral_receipts");
            b.HasKey(r => r.Id);
            b.Property(r => r.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(r => r.FromStationName).HasMaxLength(100).IsRequired();
            b.Property(r => r.Person).HasConversion(Encrypted.Record<SharedPerson>(protector), Encrypted.RecordComparer<SharedPerson>());
            b.Property(r => r.Reason).HasConversion(text).IsRequired();
            b.Property(r => r.Request).HasConversion(text).IsRequired();
            b.Property(r => r.BasisNote).HasConversion(text).IsRequired();
            b.Property(r => r.Feedback).HasConversion(text).IsRequired();
            b.Property(r => r.Version).IsConcurrencyToken();
            b.HasIndex(r => new { r.StationId, r.Status });
            b.HasOne<Station>().WithMany().HasForeignKey(r => r.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Referral>().WithOne().HasForeignKey<ReferralReceipt>(r => r.Id).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SupervisorAssignment>(b =>
        {
            b.ToTable("supervisor_assignments");
            b.HasKey(a => a.Id);
            b.Property(a => a.RegionPrefix).HasMaxLength(12).IsRequired();
            b.HasIndex(a => new { a.UserId, a.StationId }).IsUnique();
            b.HasIndex(a => a.StationId);
            b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Station>().WithMany().HasForeignKey(a => a.StationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SupervisionNote>(b =>
        {
            b.ToTable("supervision_notes");
            b.HasKey(n => n.Id);
            b.Property(n => n.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(n => n.AccessList).HasMaxLength(1100).IsRequired();
            b.Property(n => n.Topic).HasMaxLength(SupervisionNote.TopicMax).IsRequired();
            b.Property(n => n.Advice).HasConversion(text).IsRequired();
            b.PrimitiveCollection(n => n.Workers);
            b.HasIndex(n => new { n.StationId, n.On });
            b.HasIndex(n => new { n.SupervisorId, n.On });
            b.HasIndex(n => n.CaseId);
            b.HasOne<Station>().WithMany().HasForeignKey(n => n.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.SupervisorId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseChecklist>(b =>
        {
            b.ToTable("case_checklists");
            b.HasKey(c => c.Id);
            b.Property(c => c.RegionPrefix).HasMaxLength(12).IsRequired();
            b.PrimitiveCollection(c => c.Items);
            b.Property(c => c.Version).IsConcurrencyToken();
            b.HasIndex(c => c.StationId).IsUnique();
            b.HasOne<Station>().WithMany().HasForeignKey(c => c.StationId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
