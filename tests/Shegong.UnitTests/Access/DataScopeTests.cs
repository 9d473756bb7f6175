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

    [Fact]
    public void Region_owned_records_are_covered_under_the_callers_prefix_a_stations_being_its_townships()
    {
        var station = DataScope.ForStation(StationA, "440112010");
        station.CoversRegionOwned("440112010").ShouldBeTrue();
        station.CoversRegionOwned("440112010001").ShouldBeTrue();
        station.CoversRegionOwned("440112").ShouldBeFalse();
        var city = DataScope.ForRegion("4401");
        city.CoversRegionOwned("440106001").ShouldBeTrue();
        city.CoversRegionOwned("44").ShouldBeFalse();
        city.CoversRegionOwned("4402").ShouldBeFalse();
        DataScope.System.CoversRegionOwned("").ShouldBeTrue();
        DataScope.None.CoversRegionOwned("").ShouldBeFalse();
        DataScope.None.OfUser(Guid.NewGuid()).CoversRegionOwned("44").ShouldBeFalse();
    }

    [Fact]
    public void Nothing_has_a_prefix_no_region_starts_with_and_that_a_database_accepts()
    {
        DataScope.None.RegionPrefix.ShouldNotBeEmpty();
        DataScope.None.RegionPrefix.ShouldNotContain('\0');
        DataScope.None.RegionPrefix.Any(char.IsDigit).ShouldBeFalse();
    }
}
