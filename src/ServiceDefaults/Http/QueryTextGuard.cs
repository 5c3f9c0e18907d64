using Marketplace.Common;
using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>
/// Refuses a request whose path or query string holds a control character (NUL and the like) before any endpoint
/// sees it: 400 naming each offending parameter, instead of a 500 from whichever store the value reached first.
/// </summary>
internal sealed class QueryTextGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        if (TextRules.HasForbiddenCharacter(context.Request.Path.Value, multiline: false))
        {
            errors["path"] = [TextRules.ControlCharacterError];
        }
        foreach (var (name, values) in context.Request.Query)
        {
            if (TextRules.HasForbiddenCharacter(name, multiline: false) || values.Any(v => TextRules.HasForbiddenCharacter(v, multiline: false)))
            {
                errors[Printable(name)] = [TextRules.ControlCharacterError];
            }
        }
        return errors.Count == 0 ? next(context) : throw new ValidationException(errors);
    }

    private static string Printable(string name) => string.Concat(name.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c));
}
