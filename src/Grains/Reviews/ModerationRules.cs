using System.Text.RegularExpressions;
using Marketplace.Reviews;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Reviews;

/// <summary>
/// The automatic moderation: what is certainly not allowed (banned words, links, contact details) is rejected with
/// a reason the author reads; what may be fine (shouting, a review too short to say anything) is held for an operator;
/// the rest is published. Pure and deterministic, so a redelivered submission gets the same verdict.
/// </summary>
public sealed partial class ModerationRules
{
    private readonly ModerationOptions _options;
    private readonly Regex? _bannedWords;

    public ModerationRules(IOptions<ReviewsOptions> options)
    {
        _options = options.Value.Moderation;
        var words = _options.BannedWords.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => Regex.Escape(w.Trim())).ToList();
        _bannedWords = words.Count == 0
            ? null
            : new Regex($@"(?<!\w)(?:{string.Join('|', words)})(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public ModerationVerdict Judge(ReviewDraft review)
    {
        var text = string.Join('\n', new[] { review.Text, review.Pros, review.Cons }.Where(t => !string.IsNullOrEmpty(t)));
        if (_bannedWords?.Match(text) is { Success: true } banned)
        {
            return new ModerationVerdict(ModerationOutcome.Reject, $"The review uses a word the marketplace does not allow: \"{banned.Value}\".");
        }
        if (Link().IsMatch(text))
        {
            return new ModerationVerdict(ModerationOutcome.Reject, "Reviews may not contain links or web addresses.");
        }
        if (Email().IsMatch(text) || Phone().IsMatch(text))
        {
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

    [GeneratedRegex(@"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|ru|net|org|info|biz|io|me|su|рф)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.-]+")]
    private static partial Regex Email();

    // Seven or more digits, possibly split by spaces, dashes, dots or brackets, after an optional +.
    [GeneratedRegex(@"\+?\d(?:[\s().-]*\d){6,}")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
