using Shegong.Domain.Access;

namespace Shegong.UnitTests.Access;

public sealed class DataScopeTests
{
    private static readonly Guid StationA = Guid.NewGuid();

    [Fact]
    public void A_station_scope_covers_its_own_station_only_and_no_whole_region()
    {
        var scope = DataScope.ForStation(StationA, "440112010");
        scope.Covers(StationA, "440112010").ShouldBeTrue();
        scope.Covers(Guid.NewGuid(), "440112010").ShouldBeFalse();
        scope.CoversRegion("440112010").ShouldBeFalse();
    }

    [Fact]
    public void A_region_scope_covers_everything_under_its_prefix()
    {
        var district = DataScope.ForRegion("440112");
        district.Covers(Guid.NewGuid(), "440112010001").ShouldBeTrue();
        district.Covers(Guid.NewGuid(), "440106001").ShouldBeFalse();
        district.CoversRegion("440112").ShouldBeTrue();
        district.CoversRegion("4401").ShouldBeFalse();
    }

    [Fact]
    public void Nothing_covers_nothing_and_system_covers_all()
    {
        DataScope.None.Covers(StationA, "44").ShouldBeFalse();
        DataScope.None.CoversRegion("44").ShouldBeFalse();
        DataScope.System.Covers(StationA, "44").ShouldBeTrue();
        DataScope.System.IsAll.ShouldBeTrue();
    }
}
