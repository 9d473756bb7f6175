namespace Shegong.Web.Features.Stations;

public static class StationsApi
{
    public static void Map(RouteGroupBuilder api)
    {
    }
}
