using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Grains.Moderation;

public static class ContentModerationServiceCollectionExtensions
{
    /// <summary>
    /// The one <see cref="ForbiddenContent"/> of the silo, from the <c>Moderation</c> section. Every moderating
    /// context calls this; the first call registers it.
    /// </summary>
    public static IServiceCollection AddContentModeration(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = configuration?.GetSection(ContentModerationOptions.SectionName).Get<ContentModerationOptions>() ?? new ContentModerationOptions();
        services.TryAddSingleton(new ForbiddenContent(options.BannedWords));
        return services;
    }
}
