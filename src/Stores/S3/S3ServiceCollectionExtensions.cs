using Marketplace.Grains.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Stores.S3;

public static class S3ServiceCollectionExtensions
{
    /// <summary>The media store on an S3-protocol server, picked by <c>AddMedia</c> when <see cref="MediaOptions.EffectiveStore"/> is S3.</summary>
    public static IServiceCollection AddS3Media(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IMediaStore>(MediaStoreKind.S3, (provider, _) =>
            new S3MediaStore(S3MediaStore.CreateClient(provider.GetRequiredService<IOptions<MediaOptions>>().Value.S3)));
        return services;
    }
}
