namespace Shegong.Domain.Common;

/// <summary>
/// A rule was broken. <see cref="Field"/> names the input at fault and <see cref="Code"/> is a message key
/// that the web layer turns into a Chinese (or English) sentence; <see cref="Args"/> fill its placeholders.
/// </summary>
public sealed class DomainException(string field, string code, params object[] args) : Exception(code)
{
    public string Field { get; } = field;
    public string Code { get; } = code;
    public object[] Args { get; } = args;

    /// <summary>Every rule broken by one input when a form is checked as a whole (this one first); just this one otherwise.</summary>
    public IReadOnlyList<DomainException> All { get; private init; } = [];

    public IReadOnlyList<DomainException> Each => All.Count > 0 ? All : [this];

    /// <summary>Several problems reported at once, so a form shows them all in one go.</summary>
    public static DomainException Many(IReadOnlyList<DomainException> errors) =>
        errors.Count == 1 ? errors[0] : new DomainException(errors[0].Field, errors[0].Code, errors[0].Args) { All = errors };
}

/// <summary>
/// An argument of a <see cref="DomainException"/> that is itself a message key ("WishStatus.Dispatching"): the web
/// layer shows its translation rather than the key, so no enum name reaches a user.
/// </summary>
public sealed record LocalizedArg(string Key)
{
    public override string ToString() => Key;
}

public static class Guard
{
    public static string Required(string? value, string field, int maxLength)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) throw new DomainException(field, "Error.Required");
        if (v.Length > maxLength) throw new DomainException(field, "Error.TooLong", maxLength);
        return v;
    }

    public static string Optional(string? value, string field, int maxLength)
    {
        var v = value?.Trim() ?? "";
        if (v.Length > maxLength) throw new DomainException(field, "Error.TooLong", maxLength);
        return v;
    }
}
