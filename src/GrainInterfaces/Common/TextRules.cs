namespace Marketplace.Common;

/// <summary>
/// What every text a client sends must obey, wherever it ends up: PostgreSQL refuses NUL in text (a title holding one
/// never reached search), terminals and logs misread other control characters, and half a surrogate pair is not text.
/// The gateways refuse such input at the edge (query strings and JSON bodies); grains check the fields they keep.
/// </summary>
public static class TextRules
{
    public const string ControlCharacterError = "Control characters (such as NUL) are not allowed.";

    public const string LineBreakError = "A single line of text: no line breaks, tabs or control characters.";

    /// <summary>
    /// Whether <paramref name="text"/> holds a C0 or C1 control character, DEL or an unpaired surrogate. Tab, line feed
    /// and carriage return are text in a multi-line field (a description, a review) and refused only when
    /// <paramref name="multiline"/> is false.
    /// </summary>
    public static bool HasForbiddenCharacter(ReadOnlySpan<char> text, bool multiline = true)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return true;
            }
            if (char.IsLowSurrogate(c) || (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r')))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Why <paramref name="text"/> breaks the rule above, or null when it keeps it (as a missing text does).</summary>
    public static string? Error(string? text, bool multiline = false) =>
        text is not null && HasForbiddenCharacter(text, multiline) ? multiline ? ControlCharacterError : LineBreakError : null;

    /// <summary>
    /// A free text a caller may leave out (a reason, a location), trimmed, null when blank; a ValidationException naming
    /// <paramref name="field"/> when it is longer than <paramref name="maxLength"/> or holds a control character.
    /// </summary>
    public static string? Optional(string? text, string field, int maxLength, bool multiline = false)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (trimmed?.Length > maxLength)
        {
            throw new ValidationException(field, $"At most {maxLength} characters.");
        }
        return Error(trimmed, multiline) is { } error ? throw new ValidationException(field, error) : trimmed;
    }
}
