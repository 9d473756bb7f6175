using Shegong.Domain.Common;

namespace Shegong.Domain.Registry;

/// <summary>
/// A second-generation disability card number (第二代残疾人证号): the holder's 18-character ID number followed by
/// the disability category (1 digit) and grade (1 digit), 20 characters in all.
/// </summary>
public readonly record struct DisabilityCardNumber
{
    public const int MinCategory = 1, MaxCategory = 7, MinGrade = 1, MaxGrade = 4;

    /// <summary>20 characters; a lowercase x in the ID part normalised to X.</summary>
    public string Value { get; }
    public ResidentId Holder { get; }

    /// <summary>1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重.</summary>
    public int Category { get; }

    /// <summary>1 to 4; 一级 is the most severe.</summary>
    public int Grade { get; }

    private DisabilityCardNumber(ResidentId holder, int category, int grade)
    {
        Holder = holder;
        Category = category;
        Grade = grade;
        Value = $"{holder.Value}{(char)('0' + category)}{(char)('0' + grade)}";
    }

    public override string ToString() => Value;

    public static bool TryParse(string? input, out DisabilityCardNumber card, out string errorCode)
    {
        card = default;
        var s = string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c)));
        if (s.Length == 0) { errorCode = "DisabilityCard.Required"; return false; }
        if (s.Length != 20) { errorCode = "DisabilityCard.Length"; return false; }
        // One code for every fault in the ID part: the card is checked as a whole, and the ID field, if the
        // form has one, reports the precise reason itself.
        if (!ResidentId.TryParse(s[..18], out var holder, out _)) { errorCode = "DisabilityCard.IdInvalid"; return false; }
        var category = s[18] - '0';
        if (category is < MinCategory or > MaxCategory) { errorCode = "DisabilityCard.Category"; return false; }
        var grade = s[19] - '0';
        if (grade is < MinGrade or > MaxGrade) { errorCode = "DisabilityCard.Grade"; return false; }
        card = new DisabilityCardNumber(holder, category, grade);
        errorCode = "";
        return true;
    }

    /// <summary>Throws <see cref="DomainException"/> with the error code only: the number is personal data.</summary>
    public static DisabilityCardNumber Parse(string? input, string field = "DisabilityCardNumber")
    {
        if (!TryParse(input, out var card, out var error)) throw new DomainException(field, error);
        return card;
    }

    /// <summary>
    /// The card belongs to the person whose ID it starts with. Returns the error code when the person's ID is
    /// known and differs, else null (an unknown ID cannot contradict the card).
    /// </summary>
    /// <summary>The holder's ID part masked as <see cref="ResidentId.Mask"/> does, category and grade kept: 440112********123441.</summary>
    public static string? Mask(string? value) => value is null ? null : value.Length > 18 ? ResidentId.Mask(value[..18]) + value[18..] : ResidentId.Mask(value);

    public static string? HolderMismatchError(DisabilityCardNumber card, ResidentId? personId) =>
        personId is { } id && id.Value != card.Holder.Value ? "DisabilityCard.HolderMismatch" : null;
}
