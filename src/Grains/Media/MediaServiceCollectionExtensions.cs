using Amazon;
using Amazon.Runtime;
using Amazon.S3;
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
            ? new S3MediaStore(CreateS3Client(options.S3))
            : new FileSystemMediaStore(options.Root ?? Path.Combine(Path.GetTempPath(), "marketplace-media")));
        return services;
    }

    public static IAmazonS3 CreateS3Client(S3Options options)
    {
        var config = new AmazonS3Config
        {
            // Path-style addressing (http://host/bucket/key): what s3rver and most S3-compatible servers on loopback speak.
            ForcePathStyle = options.ServiceUrl is not null,
            AuthenticationRegion = options.Region,
            // Checksums only where the API requires them: S3-compatible servers do not all understand the trailing ones.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
