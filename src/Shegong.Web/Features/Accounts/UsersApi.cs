namespace Shegong.Web.Features.Accounts;

public static class UsersApi
{
    public static void Map(RouteGroupBuilder api)
    {
    }
}
