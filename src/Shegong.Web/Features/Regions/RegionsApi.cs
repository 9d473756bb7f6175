namespace Shegong.Web.Features.Regions;

public static class RegionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
    }
}
