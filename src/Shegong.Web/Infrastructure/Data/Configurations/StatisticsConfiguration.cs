using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Domain.Statistics;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>
/// The aggregate figures. The key serves the writers' upserts and the "latest balance at or before a month"
/// look-up; the second index finds a node's children for a period without reading other periods.
/// </summary>
internal sealed class StatFigureConfiguration : IEntityTypeConfiguration<StatFigure>
{
    public void Configure(EntityTypeBuilder<StatFigure> b)
    {
        b.ToTable("stat_figures");
        b.HasKey(t => new { t.Dimension, t.RegionPrefix, t.Key, t.Period });
        b.Property(t => t.RegionPrefix).HasMaxLength(12);
        b.Property(t => t.ParentPrefix).HasMaxLength(12);
        b.HasIndex(t => new { t.Dimension, t.Period, t.ParentPrefix });
    }
}

internal sealed class StatPendingConfiguration : IEntityTypeConfiguration<StatPending>
{
    public void Configure(EntityTypeBuilder<StatPending> b)
    {
        b.ToTable("stat_pending");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedOnAdd();
        b.Property(t => t.RegionPrefix).HasMaxLength(12);
        b.HasIndex(t => t.Dimension);
    }
}

internal sealed class StatBuildConfiguration : IEntityTypeConfiguration<StatBuild>
{
    public void Configure(EntityTypeBuilder<StatBuild> b)
    {
        b.ToTable("stat_builds");
        b.HasKey(t => t.Dimension);
        b.Property(t => t.Dimension).ValueGeneratedNever();
    }
}
