using Marketplace.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>The media store and image processing the media grains use, per <see cref="MediaOptions"/>.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.SectionName)
            .Validate(o => o.EffectiveStore != MediaStoreKind.S3 || (o.S3.AccessKey.Length > 0 && o.S3.SecretKey.Length > 0),
                "Media:S3:AccessKey and Media:S3:SecretKey must be set when images go to S3 (deploy/local/s3.sh generates a pair per stack).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ImageProcessor>();
        services.AddSingleton<ImageProcessingSlots>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<MediaOptions>() is var options && options.EffectiveStore == MediaStoreKind.S3
            ? sp.Adapter<IMediaStore>(MediaStoreKind.S3)
            : new FileSystemMediaStore(options.Root ?? Path.Combine(Path.GetTempPath(), "marketplace-media")));
        return services;
    }
}
