using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>
/// Groups, their members, and activities (a group's sessions and community activities) with their attendance. A
/// session's content notes and a group's end evaluation are encrypted (support and therapy groups' notes are sensitive).
/// </summary>
internal static class ActivitiesConfiguration
{
    public static void Apply(ModelBuilder builder, IFieldProtector protector)
    {
        builder.Entity<Group>(b =>
        {
            b.ToTable("activity_groups");
            b.HasKey(g => g.Id);
            b.Property(g => g.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(g => g.Name).HasMaxLength(Group.NameMax).IsRequired();
            b.Property(g => g.Goal).HasMaxLength(Group.GoalMax).IsRequired();
            b.Property(g => g.Version).IsConcurrencyToken();
            b.Property(g => g.Evaluation).HasConversion(Encrypted.Record<GroupEvaluation>(protector), Encrypted.RecordComparer<GroupEvaluation>()).IsRequired();
            b.Ignore(g => g.IsEnded);
            b.HasIndex(g => new { g.StationId, g.Stage });
            b.HasOne<Station>().WithMany().HasForeignKey(g => g.StationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<GroupMember>(b =>
        {
            b.ToTable("activity_group_members");
            b.HasKey(m => m.Id);
            b.Property(m => m.RegionPrefix).HasMaxLength(12).IsRequired();
            b.HasIndex(m => new { m.GroupId, m.PersonId }).IsUnique();
            b.HasIndex(m => m.PersonId);
            b.HasOne<Group>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Activity>(b =>
        {
            b.ToTable("activities");
            b.HasKey(a => a.Id);
            b.Property(a => a.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(a => a.Title).HasMaxLength(Activity.TitleMax).IsRequired();
            b.Property(a => a.Place).HasMaxLength(Activity.PlaceMax).IsRequired();
            b.Property(a => a.OrganiserName).HasMaxLength(30).IsRequired();
            b.Property(a => a.Summary).HasMaxLength(Activity.SummaryMax).IsRequired();
            b.Property(a => a.Content).HasConversion(Encrypted.String(protector)).IsRequired();
            b.Property(a => a.Version).IsConcurrencyToken();
            b.Ignore(a => a.IsSession);
            b.HasMany(a => a.Attendance).WithOne().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Restrict);
            b.Navigation(a => a.Attendance).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasIndex(a => new { a.StationId, a.GroupId, a.HeldOn });
            b.HasIndex(a => new { a.GroupId, a.SessionNumber }).IsUnique();
            b.HasOne<Group>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Station>().WithMany().HasForeignKey(a => a.StationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ActivityAttendance>(b =>
        {
            b.ToTable("activity_attendance");
            b.HasKey(x => x.Id);
            b.Property(x => x.RegionPrefix).HasMaxLength(12).IsRequired();
            b.HasIndex(x => new { x.ActivityId, x.PersonId }).IsUnique();
            b.HasIndex(x => x.PersonId);
            b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
