using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>
/// Households, persons, visits, needs and visit rules. Sensitive columns (ID number, phones, health, children,
/// visit notes) are encrypted with <see cref="IFieldProtector"/>; the ID number is found through its keyed hash.
/// </summary>
internal static class RegistryConfiguration
{
    public static void Apply(ModelBuilder builder, IFieldProtector protector, bool postgres)
    {
        var encrypted = Encrypted.String(protector);

        builder.Entity<Household>(b =>
        {
            b.HasKey(h => h.Id);
            b.Property(h => h.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(h => h.Address).HasMaxLength(Household.AddressMax).IsRequired();
            b.Property(h => h.ActualAddress).HasMaxLength(Household.AddressMax);
            b.Property(h => h.EconomicSources).HasMaxLength(100);
            b.Property(h => h.Version).IsConcurrencyToken();
            b.HasIndex(h => h.StationId);
            b.HasIndex(h => h.RegionPrefix);
            b.HasOne<Station>().WithMany().HasForeignKey(h => h.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Region>().WithMany().HasForeignKey(h => h.CommunityId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Person>(b =>
        {
            b.HasKey(p => p.Id);
            b.Property(p => p.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(p => p.Name).HasMaxLength(PersonRules.NameMax).IsRequired();
            b.Property(p => p.Ethnicity).HasMaxLength(PersonRules.EthnicityMax);
            b.Property(p => p.IdNumber).HasConversion(Encrypted.NullableString(protector));
            b.Property(p => p.IdHash).HasMaxLength(64);
            b.Property(p => p.Phone).HasConversion(encrypted);
            b.Property(p => p.EmergencyContactName).HasMaxLength(PersonRules.NameMax);
            b.Property(p => p.EmergencyContactPhone).HasConversion(encrypted);
            b.Property(p => p.ConsentNote).HasMaxLength(PersonRules.NoteMax);
            b.Property(p => p.StatusNote).HasMaxLength(PersonRules.NoteMax);
            b.Property(p => p.EventNote).HasMaxLength(PersonRules.NoteMax);
            b.Property(p => p.Health).HasConversion(Encrypted.Record<HealthSection>(protector), Encrypted.RecordComparer<HealthSection>());
            b.Property(p => p.Child).HasConversion(Encrypted.Record<ChildSection>(protector), Encrypted.RecordComparer<ChildSection>());
            b.Property(p => p.Elderly).HasConversion(Encrypted.PlainRecord<ElderlySection>(), Encrypted.RecordComparer<ElderlySection>());
            b.Property(p => p.Version).IsConcurrencyToken();
            // One active record per ID number anywhere: a person moved away may be registered again elsewhere.
            b.HasIndex(p => p.IdHash).IsUnique().HasFilter("\"id_hash\" IS NOT NULL AND \"status\" = 0");
            // The worker's lists: by station, status and due date (overdue, this week), and by name.
            b.HasIndex(p => new { p.StationId, p.Status, p.NextVisitDue });
            b.HasIndex(p => new { p.StationId, p.Name });
            // Names in pinyin order (NameOrder, PersonOrder): the station's list, and an area's (status, then name); the id breaks ties.
            if (postgres)
            {
                b.Property(p => p.Name).UseCollation(NameOrder.PostgresCollation);
                b.Ignore(p => p.NameSortKey);
                b.HasIndex(p => new { p.StationId, p.Status, p.Name, p.Id }, "ix_persons_station_status_name");
                b.HasIndex(p => new { p.Status, p.Name, p.Id }, "ix_persons_status_name");
            }
            else
            {
                b.Property(p => p.NameSortKey).IsRequired();
                b.HasIndex(p => new { p.StationId, p.Status, p.NameSortKey, p.Id }, "ix_persons_station_status_name");
                b.HasIndex(p => new { p.Status, p.NameSortKey, p.Id }, "ix_persons_status_name");
            }
            b.HasIndex(p => new { p.RegionPrefix, p.Status });
            b.HasIndex(p => p.HouseholdId);
            b.HasMany(p => p.LedgerChanges).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
            b.Navigation(p => p.LedgerChanges).HasField("_ledgerChanges").UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasIndex(p => p.ResponsibleWorkerId);
            b.HasOne<Station>().WithMany().HasForeignKey(p => p.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Region>().WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Visit>(b =>
        {
            b.HasKey(v => v.Id);
            b.Property(v => v.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(v => v.VisitorName).HasMaxLength(30).IsRequired();
            b.Property(v => v.Record).HasConversion(Encrypted.Record<VisitRecord>(protector), Encrypted.RecordComparer<VisitRecord>());
            b.HasIndex(v => new { v.PersonId, v.VisitedOn });
            b.HasIndex(v => new { v.StationId, v.VisitedOn });
            b.HasIndex(v => new { v.RegionPrefix, v.VisitedOn });
            b.HasOne<Person>().WithMany().HasForeignKey(v => v.PersonId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Need>(b =>
        {
            b.HasKey(n => n.Id);
            b.Property(n => n.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(n => n.Description).HasMaxLength(Need.DescriptionMax).IsRequired();
            b.Property(n => n.TakenUpBy).HasMaxLength(100);
            b.Property(n => n.Version).IsConcurrencyToken();
            b.HasIndex(n => new { n.StationId, n.Status });
            b.HasIndex(n => n.PersonId);
            b.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Visit>().WithMany().HasForeignKey(n => n.VisitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<VisitRuleSet>(b =>
        {
            b.HasKey(r => r.Id);
            b.Property(r => r.RegionPrefix).HasMaxLength(12);
            b.Property(r => r.Version).IsConcurrencyToken();
            b.HasIndex(r => r.RegionPrefix).IsUnique();
        });

        builder.Entity<PersonLedgerChange>(b =>
        {
            b.ToTable("person_ledger_changes");
            b.HasKey(c => c.Id);
            // Set by the domain; a change reached through Person.LedgerChanges is then always an insert.
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.RegionPrefix).HasMaxLength(12).IsRequired();
            b.HasIndex(c => new { c.PersonId, c.Id });
            b.HasIndex(c => c.StationId);
        });

        builder.Entity<AppSecret>(b =>
        {
            b.HasKey(s => s.Name);
            b.Property(s => s.Name).HasMaxLength(60);
        });
    }
}
