using Marketplace.Grains.Moderation;
using Marketplace.Grains.Reviews;
using Marketplace.Reviews;
using Microsoft.Extensions.Options;

namespace Marketplace.Tests.Reviews;

public sealed class ModerationRulesTests
{
    private static readonly ModerationRules Rules = new(new ForbiddenContent(["casino", "казино"]), Options.Create(new ReviewsOptions()));

    private static ModerationVerdict Judge(string text, string? pros = null) => Rules.Judge(new ReviewDraft(4, text, pros));

    [Theory]
    [InlineData("Works well, boils water quickly and quietly.")]
    [InlineData("Отличный чайник, кипятит быстро, не шумит.")]
    [InlineData("Bought it for 1500 rubles in 2024, still works.")]
    [InlineData("Casinos of Las Vegas are far away, this kettle is close.")]
    [InlineData("Came in sizes 42 44 46 48 50, all true to size.")]
    [InlineData("Article 123456789, barcode 4601234567890: the one in the photo.")]
    public void An_ordinary_review_is_published(string text)
    {
        Assert.Equal(ModerationVerdict.Publish, Judge(text));
    }

    [Theory]
    [InlineData("Great kettle, better than any CASINO night.", "\"CASINO\"")]
    [InlineData("Лучше, чем казино, честно говорю.", "\"казино\"")]
    public void A_banned_word_in_any_case_is_rejected_naming_the_word(string text, string named)
    {
        var verdict = Judge(text);
        Assert.Equal(ModerationOutcome.Reject, verdict.Outcome);
        Assert.Contains(named, verdict.Reason);
    }

    [Fact]
    public void A_banned_word_in_the_pros_counts_too()
    {
        Assert.Equal(ModerationOutcome.Reject, Judge("A fine kettle for the kitchen.", pros: "casino bonus").Outcome);
    }

    [Theory]
    [InlineData("Cheaper at https://example.com/kettle, go there.", "links")]
    [InlineData("Cheaper at www.kettles.example, go there.", "links")]
    [InlineData("Cheaper at kettle-shop.ru, go there.", "links")]
    [InlineData("Call me at +7 (900) 123-45-67 for a discount.", "phone")]
    [InlineData("Call me at 8 900 123 45 67 for a discount.", "phone")]
    [InlineData("Call me at 89001234567 for a discount.", "phone")]
    [InlineData("Call me at +49 30 1234567 for a discount.", "phone")]
    [InlineData("Write to seller@mail.example for a discount.", "e-mail")]
    public void Links_and_contact_details_are_rejected(string text, string reason)
    {
        var verdict = Judge(text);
        Assert.Equal(ModerationOutcome.Reject, verdict.Outcome);
        Assert.Contains(reason, verdict.Reason);
    }

    [Theory]
    [InlineData("THIS KETTLE IS THE WORST THING I EVER BOUGHT", "capitals")]
    [InlineData("Excellent!!!!!!", "words")]
    public void Shouting_and_a_review_too_short_to_say_anything_are_held_for_an_operator(string text, string reason)
    {
        var verdict = Judge(text);
        Assert.Equal(ModerationOutcome.Hold, verdict.Outcome);
        Assert.Contains(reason, verdict.Reason);
    }
}
