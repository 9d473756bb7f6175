namespace Shegong.Domain.Visits;

/// <summary>
/// An idempotency key a user sent with a visit (the page form's hidden key, or the API's <c>Idempotency-Key</c>
/// header), saved in the visit's own transaction. Keys belong to their user: (user, key) is unique, so a retry of the
/// same submission finds the first one's visit instead of logging a second, and the same key with another body is
/// refused. <see cref="RequestHash"/> is a SHA-256 of what was submitted. User-owned: only its user (and the system) sees it.
/// </summary>
public sealed class VisitSubmission : Common.IUserOwned
{
    public const int KeyMax = 100;

    public Guid UserId { get; private set; }
    public string Key { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public Guid VisitId { get; private set; }
    public DateTime CreatedUtc { get; private set; }

    private VisitSubmission() { }

    public static VisitSubmission Of(Guid userId, string key, string requestHash, Visit visit, DateTime nowUtc) =>
        new() { UserId = userId, Key = key, RequestHash = requestHash, PersonId = visit.PersonId, VisitId = visit.Id, CreatedUtc = nowUtc };

    /// <summary>A key is 1–100 visible ASCII characters (a UUID is the usual choice).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= KeyMax } && key.All(c => c is > ' ' and <= '~');
}
