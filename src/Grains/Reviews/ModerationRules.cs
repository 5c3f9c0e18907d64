using System.Text.RegularExpressions;
using Marketplace.Grains.Moderation;
using Marketplace.Reviews;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// The automatic moderation: what is certainly not allowed (the <see cref="ForbiddenContent"/> every moderated text
/// shares with product cards: banned words, links, contact details) is rejected with
/// a reason the author reads; what may be fine (shouting, a review too short to say anything) is held for an operator;
/// the rest is published. Pure and deterministic, so a redelivered submission gets the same verdict.
/// </summary>
public sealed partial class ModerationRules(ForbiddenContent forbidden, IOptions<ReviewsOptions> options)
{
    private readonly ModerationOptions _options = options.Value.Moderation;

    public ModerationVerdict Judge(ReviewDraft review)
    {
        var text = string.Join('\n', new[] { review.Text, review.Pros, review.Cons }.Where(t => !string.IsNullOrEmpty(t)));
        switch (forbidden.Find(text))
        {
            case { Kind: ForbiddenKind.BannedWord } banned:
                return new ModerationVerdict(ModerationOutcome.Reject, $"The review uses a word the marketplace does not allow: \"{banned.Text}\".");
            case { Kind: ForbiddenKind.Link }:
                return new ModerationVerdict(ModerationOutcome.Reject, "Reviews may not contain links or web addresses.");
            case { Kind: ForbiddenKind.Contact }:
                return new ModerationVerdict(ModerationOutcome.Reject, "Reviews may not contain phone numbers or e-mail addresses.");
        }
        if (Word().Count(review.Text ?? "") < _options.MinWords)
        {
            return new ModerationVerdict(ModerationOutcome.Hold, $"Shorter than {_options.MinWords} words.");
        }
        var letters = text.Count(char.IsLetter);
        if (letters >= _options.ShoutingMinLetters && text.Count(char.IsUpper) >= _options.ShoutingShare * letters)
        {
            return new ModerationVerdict(ModerationOutcome.Hold, "Written mostly in capitals.");
        }
        return ModerationVerdict.Publish;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
