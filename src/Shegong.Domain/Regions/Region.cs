using Shegong.Domain.Common;

namespace Shegong.Domain.Regions;

/// <summary>One node of the administrative tree. <see cref="Prefix"/> is the short code; see <see cref="RegionCode"/>.</summary>
public sealed class Region
{
    public const int NameMaxLength = 50;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Prefix { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public RegionLevel Level { get; private set; }
    public Guid? ParentId { get; private set; }

    private Region() { }

    public static Region Create(RegionCode code, string name, Region? parent)
    {
        var region = new Region { Prefix = code.Prefix, Code = code.Full, Level = code.Level };
        region.Rename(name);
        if (code.Level == RegionLevel.Province)
        {
            if (parent is not null) throw new DomainException("ParentCode", "Region.ProvinceHasNoParent");
        }
        else
        {
            if (parent is null) throw new DomainException("ParentCode", "Region.ParentMissing", code.Full);
            if (parent.Prefix != code.ParentPrefix)
                throw new DomainException("ParentCode", "Region.ParentMismatch", code.Full, parent.Code);
            region.ParentId = parent.Id;
        }
        return region;
    }

    /// <summary>For bulk imports that already checked the parent by code: links by id without loading it.</summary>
    public static Region CreateUnder(RegionCode code, string name, Guid? parentId)
    {
        if ((code.Level == RegionLevel.Province) != (parentId is null))
            throw new DomainException("ParentCode", "Region.ParentMissing", code.Full);
        var region = new Region { Prefix = code.Prefix, Code = code.Full, Level = code.Level, ParentId = parentId };
        region.Rename(name);
        return region;
    }

    public void Rename(string name) => Name = Guard.Required(name, "Name", NameMaxLength);

    public RegionCode RegionCode => RegionCode.FromPrefix(Prefix);
}
