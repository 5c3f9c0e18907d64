using Marketplace.Common;
using SkiaSharp;

namespace Marketplace.Grains.Media;

/// <summary>The sizes shoppers see: each fits the image inside a square of <see cref="MaxSide"/> pixels, never enlarging it.</summary>
public sealed record VariantSpec(string Name, int MaxSide);

/// <summary>An accepted upload: its sniffed format, upright size, and its variants encoded as WebP.</summary>
public sealed record ProcessedImage(string ContentType, int Width, int Height, IReadOnlyList<EncodedVariant> Variants);

public sealed record EncodedVariant(VariantSpec Spec, int Width, int Height, byte[] Content);

/// <summary>
/// Checks an upload and makes its variants with SkiaSharp. A file is accepted only when its magic bytes name a
/// supported format AND it decodes completely; its pixel count is checked before decoding (decompression bombs).
/// Variants are turned upright per the EXIF orientation and re-encoded, which also strips every metadata block
/// (GPS positions included) from what shoppers download.
/// </summary>
public sealed class ImageProcessor(MediaOptions options)
{
    public const string VariantContentType = "image/webp";
    private const int VariantQuality = 82;
    private const string Field = "file";

    public static IReadOnlyList<VariantSpec> Variants { get; } =
    [
        new("thumbnail", 200),
        new("card", 600),
        new("full", 1600),
    ];

    public ProcessedImage Process(byte[] content)
    {
        if (content.Length == 0)
        {
            throw Invalid("The file is empty.");
        }
        if (content.Length > options.MaxImageBytes)
        {
            throw Invalid($"The image is {Megabytes(content.Length)}; at most {Megabytes(options.MaxImageBytes)} is accepted.");
        }
        var contentType = Sniff(content) ?? throw Invalid("Only JPEG, PNG, WebP and GIF images are accepted.");

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data) ?? throw Invalid("The file is not a readable image.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > options.MaxImagePixels)
        {
            throw Invalid($"The image is {width}×{height} pixels; at most {options.MaxImagePixels / 1_000_000} megapixels are accepted.");
        }

        using var decoded = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (codec.GetPixels(decoded.Info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            throw Invalid("The image is damaged or incomplete.");
        }
        using var upright = Upright(decoded, codec.EncodedOrigin);
        return new ProcessedImage(contentType, upright.Width, upright.Height, Variants.Select(v => Encode(upright, v)).ToList());
    }

    /// <summary>The format named by the file's first bytes, whatever name or type the client claimed.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) => content switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    private static EncodedVariant Encode(SKBitmap source, VariantSpec spec)
    {
        var scale = Math.Min(1.0, (double)spec.MaxSide / Math.Max(source.Width, source.Height));
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        using var resized = scale < 1.0
            ? source.Resize(new SKImageInfo(width, height, source.ColorType, source.AlphaType), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            : source.Copy();
        using var image = SKImage.FromBitmap(resized);
        using var encoded = image.Encode(SKEncodedImageFormat.Webp, VariantQuality);
        return new EncodedVariant(spec, width, height, encoded.ToArray());
    }

    /// <summary>The bitmap as it should be seen: the EXIF origin says how the camera stored it.</summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        var swapsSides = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        float w = swapsSides ? source.Height : source.Width, h = swapsSides ? source.Width : source.Height;
        // Each matrix maps a stored pixel (x, y) to where it is seen: x' = a·x + b·y + c, y' = d·x + e·y + f.
        SKMatrix? transform = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),
            _ => null,
        };
        if (transform is null)
        {
            return source.Copy();
        }
        var upright = new SKBitmap(new SKImageInfo((int)w, (int)h, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(transform.Value);
        canvas.DrawBitmap(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return upright;
    }

    private static ValidationException Invalid(string message) => new(Field, message);

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
