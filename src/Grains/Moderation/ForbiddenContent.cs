using System.Text.RegularExpressions;

namespace Marketplace.Grains.Moderation;

/// <summary>What no text a shopper reads may contain, reviews and product cards alike.</summary>
public enum ForbiddenKind
{
    /// <summary>A word of the marketplace's banned list.</summary>
    BannedWord,

    /// <summary>A link or web address: it leads buyers off the marketplace.</summary>
    Link,

    /// <summary>A phone number or an e-mail address: it invites a deal past the marketplace.</summary>
    Contact,
}

/// <param name="Text">The offending text as written.</param>
public sealed record ForbiddenMatch(ForbiddenKind Kind, string Text);

/// <summary>
/// The checks every moderated text shares (banned words, links, contact details), so reviews and product cards
/// refuse exactly the same things and differ only in how they phrase the reason. Pure and deterministic.
/// </summary>
public sealed partial class ForbiddenContent
{
    private readonly IReadOnlyList<string> _bannedWords;
    private readonly Regex? _bannedWordPattern;

    public ForbiddenContent(IEnumerable<string> bannedWords)
    {
        _bannedWords = bannedWords.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _bannedWordPattern = _bannedWords.Count == 0
            ? null
            : new Regex($@"(?<!\w)(?:{string.Join('|', _bannedWords.Select(Regex.Escape))})(?!\w)",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>The same checks with more banned words, for a kind of text that refuses words others allow.</summary>
    public ForbiddenContent With(IEnumerable<string> moreBannedWords) => new(_bannedWords.Concat(moreBannedWords));

    /// <summary>The first forbidden thing in <paramref name="text"/> (banned words first), or null when it is clean.</summary>
    public ForbiddenMatch? Find(string text)
    {
        if (_bannedWordPattern?.Match(text) is { Success: true } banned)
        {
            return new ForbiddenMatch(ForbiddenKind.BannedWord, banned.Value);
        }
        if (Link().Match(text) is { Success: true } link)
        {
            return new ForbiddenMatch(ForbiddenKind.Link, link.Value);
        }
        return (Email().Match(text) is { Success: true } email ? email : Phone().Match(text)) is { Success: true } contact
            ? new ForbiddenMatch(ForbiddenKind.Contact, contact.Value)
            : null;
    }

    [GeneratedRegex(@"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|ru|net|org|info|biz|io|me|su|рф)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.-]+")]
    private static partial Regex Email();

    // A whole phone number: + and 10 to 15 digits, or a Russian 7/8 and ten more, split by spaces, dashes, dots or
    // brackets or not at all. Not any run of digits: size lists, article numbers and barcodes are ordinary card text.
    [GeneratedRegex(@"(?<![\w+])(?:\+\d(?:[\s().-]*\d){9,14}|[78](?:[\s().-]*\d){10})(?!\w)")]
    private static partial Regex Phone();
}

/// <summary>Bound from the <c>Moderation</c> section: what every moderated text refuses.</summary>
public sealed class ContentModerationOptions
{
    public const string SectionName = "Moderation";

    /// <summary>Words (any case, whole words) that get a review rejected and a product card blocked.</summary>
    public List<string> BannedWords { get; set; } = [];
}
