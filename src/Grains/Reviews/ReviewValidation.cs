using Marketplace.Common;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews;

public static class ReviewValidation
{
    /// <summary>The draft with its texts trimmed (empty pros and cons become null); ValidationException naming every offending field.</summary>
    public static ReviewDraft Validated(ReviewDraft draft)
    {
        var normalized = new ReviewDraft(draft.Stars, draft.Text?.Trim(), NullIfEmpty(draft.Pros), NullIfEmpty(draft.Cons));
        var errors = new Dictionary<string, string[]>();
        if (normalized.Stars is < ReviewLimits.MinStars or > ReviewLimits.MaxStars)
        {
            errors["stars"] = [$"Give {ReviewLimits.MinStars} to {ReviewLimits.MaxStars} stars."];
        }
        if (normalized.Text is not { Length: >= ReviewLimits.MinTextLength and <= ReviewLimits.MaxTextLength })
        {
            errors["text"] = [$"Write {ReviewLimits.MinTextLength} to {ReviewLimits.MaxTextLength} characters."];
        }
        if (normalized.Pros?.Length > ReviewLimits.MaxProsConsLength)
        {
            errors["pros"] = [$"At most {ReviewLimits.MaxProsConsLength} characters."];
        }
        if (normalized.Cons?.Length > ReviewLimits.MaxProsConsLength)
        {
            errors["cons"] = [$"At most {ReviewLimits.MaxProsConsLength} characters."];
        }
        foreach (var (field, text) in new[] { ("text", normalized.Text), ("pros", normalized.Pros), ("cons", normalized.Cons) })
        {
            if (!errors.ContainsKey(field) && TextRules.Error(text, multiline: true) is { } textError)
            {
                errors[field] = [textError];
            }
        }
        return errors.Count == 0 ? normalized : throw new ValidationException(errors);
    }

    public static string Reason(string? reason) =>
        reason?.Trim() is { Length: > 0 and <= ReviewLimits.MaxReasonLength } trimmed
            ? trimmed
            : throw new ValidationException("reason", $"Give the author a reason of 1 to {ReviewLimits.MaxReasonLength} characters.");

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
