namespace Shegong.Web.Features.Notifications;

/// <summary>In-app notifications of the signed-in user; the menu shows how many are unread.</summary>
public sealed class NotificationsModule : ShegongModule
{
    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) =>
        api.MapGet("/notifications/", async (ListNotifications.Handler h, CancellationToken ct) => TypedResults.Ok(await h.HandleAsync(ct)))
            .WithTags("通知 Notifications").WithSummary("我的通知 (My notifications)");

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/notifications", "Nav.Notifications", 400)
        {
            TestId = "nav-notifications",
            Badge = new(sp => sp.GetRequiredService<ListNotifications.Handler>().UnreadAsync(), "unread-count"),
        },
    ];
}
