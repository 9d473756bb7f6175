using Shegong.Domain.Common;

namespace Shegong.Domain.Notifications;

/// <summary>An in-app message to one user (e.g. a donor offered a wish); read on /notifications. User-owned: only its user sees it.</summary>
public sealed class Notification : IUserOwned
{
    public const int TitleMax = 100;
    public const int BodyMax = 500;
    public const int LinkMax = 200;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid UserId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>A local path (starting with "/") the message points to.</summary>
    public string Link { get; private set; } = "";
    public bool Read { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    private Notification() { }

    public static Notification Create(Guid userId, string? title, string? body, string? link, DateTime nowUtc)
    {
        var l = Guard.Optional(link, "Link", LinkMax);
        if (l.Length > 0 && (!l.StartsWith('/') || l.StartsWith("//"))) throw new DomainException("Link", "Notification.LinkLocal");
        return new Notification
        {
            UserId = userId, Title = Guard.Required(title, "Title", TitleMax), Body = Guard.Optional(body, "Body", BodyMax), Link = l,
            CreatedAtUtc = nowUtc,
        };
    }

    public void MarkRead() => Read = true;
}
