using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Moderation;

public static class ContentModerationServiceCollectionExtensions
{
    /// <summary>
    /// The one <see cref="ForbiddenContent"/> of the silo, from the <c>Moderation</c> section. Every moderating
    /// context calls this; the first call registers it.
    /// </summary>
    public static IServiceCollection AddContentModeration(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ForbiddenContent)))
        {
            return services;
        }
        services.AddOptions<ContentModerationOptions>().BindConfiguration(ContentModerationOptions.SectionName).ValidateOnStart();
        services.AddSingleton(provider => new ForbiddenContent(provider.GetRequiredService<IOptions<ContentModerationOptions>>().Value.BannedWords));
        return services;
    }
}
