using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.UnitTests.Registry;

public sealed class DisabilityCardNumberTests
{
    private const string Id = "11010519491231002X";

    [Fact]
    public void A_card_is_the_holders_id_then_category_then_grade()
    {
        DisabilityCardNumber.TryParse(Id + "42", out var card, out var error).ShouldBeTrue(error);
        card.Value.ShouldBe(Id + "42");
        card.Holder.ShouldBe(ResidentId.Parse(Id));
        card.Holder.Gender.ShouldBe(Gender.Female);
        card.Category.ShouldBe(4);
        card.Grade.ShouldBe(2);
        card.ToString().ShouldBe(Id + "42");
    }

    [Theory]
    [InlineData("11010519491231002x71")]
    [InlineData(" 110105 19491231 002x 7 1 ")]
    public void Lowercase_x_and_spaces_are_normalised(string input) =>
        DisabilityCardNumber.Parse(input).Value.ShouldBe(Id + "71");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 4)]
    [InlineData(5, 3)]
    public void Every_category_and_grade_in_range_is_accepted(int category, int grade)
    {
        var card = DisabilityCardNumber.Parse($"{Id}{category}{grade}");
        card.Category.ShouldBe(category);
        card.Grade.ShouldBe(grade);
    }

    [Theory]
    [InlineData(null, "DisabilityCard.Required")]
    [InlineData(" ", "DisabilityCard.Required")]
    [InlineData("11010519491231002X", "DisabilityCard.Length")]         // the ID number alone
    [InlineData("11010519491231002X4", "DisabilityCard.Length")]
    [InlineData("11010519491231002X421", "DisabilityCard.Length")]
    [InlineData("11010519491231002142", "DisabilityCard.IdInvalid")]    // wrong check digit
    [InlineData("99010519491231002342", "DisabilityCard.IdInvalid")]    // province 99
    [InlineData("1101051949123100XX42", "DisabilityCard.IdInvalid")]
    [InlineData("11010519491231002X02", "DisabilityCard.Category")]
    [InlineData("11010519491231002X82", "DisabilityCard.Category")]
    [InlineData("11010519491231002XA2", "DisabilityCard.Category")]
    [InlineData("11010519491231002X40", "DisabilityCard.Grade")]
    [InlineData("11010519491231002X45", "DisabilityCard.Grade")]
    [InlineData("11010519491231002X4-", "DisabilityCard.Grade")]
    public void Malformed_card_numbers_are_refused_with_the_reason(string? input, string expected)
    {
        DisabilityCardNumber.TryParse(input, out var card, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
        card.ShouldBe(default);
    }

    [Fact]
    public void Parse_throws_the_code_for_the_field_without_echoing_the_number()
    {
        var ex = Should.Throw<DomainException>(() => DisabilityCardNumber.Parse(Id + "92"));
        ex.Field.ShouldBe("DisabilityCardNumber");
        ex.Code.ShouldBe("DisabilityCard.Category");
        ex.Args.ShouldBeEmpty();
    }

    [Fact]
    public void The_card_must_belong_to_the_person_when_their_id_is_known()
    {
        var card = DisabilityCardNumber.Parse(Id + "42");
        DisabilityCardNumber.HolderMismatchError(card, null).ShouldBeNull();
        DisabilityCardNumber.HolderMismatchError(card, ResidentId.Parse(Id.ToLowerInvariant())).ShouldBeNull();
        var other = ResidentId.Create("110105", new DateOnly(1949, 12, 31), 1);
        DisabilityCardNumber.HolderMismatchError(card, other).ShouldBe("DisabilityCard.HolderMismatch");
    }
}
