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
/// supported format AND it decodes completely. Memory is bounded before anything is decoded: the header gives the
/// pixel count (<see cref="MediaOptions.MaxImagePixels"/>), the image is decoded at the smallest size its codec
/// offers that still covers the largest variant (JPEG in eighths, WebP at any size, PNG and GIF only whole), and that
/// decode must fit <see cref="MediaOptions.MaxDecodedBytes"/>. Variants are turned upright per the EXIF orientation
/// and re-encoded, which also strips every metadata block (GPS positions included) from what shoppers download.
/// </summary>
public sealed class ImageProcessor(MediaOptions options)
{
    public const string VariantContentType = "image/webp";
    private const int VariantQuality = 82;
    private const int BytesPerPixel = 4;
    private const string Field = "file";

    public static IReadOnlyList<VariantSpec> Variants { get; } =
    [
        new("thumbnail", 200),
        new("card", 600),
        new("full", 1600),
    ];

    private static readonly int LargestSide = Variants.Max(v => v.MaxSide);

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
        var decodeSize = DecodeSize(codec);
        if ((long)decodeSize.Width * decodeSize.Height * BytesPerPixel > options.MaxDecodedBytes)
        {
            throw Invalid($"A {contentType["image/".Length..].ToUpperInvariant()} image cannot be decoded at a reduced size, so it may have at most "
                          + $"{options.MaxDecodedBytes / BytesPerPixel / 1_000_000.0:0.#} megapixels; this one is {width}×{height}. Send it as JPEG or WebP, or smaller.");
        }

        using var largest = DecodeUpright(codec, decodeSize);
        var swapsSides = SwapsSides(codec.EncodedOrigin);
        return new ProcessedImage(contentType, swapsSides ? height : width, swapsSides ? width : height,
            Variants.Select(v => Encode(largest, v)).ToList());
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

    /// <summary>
    /// The smallest size the codec decodes to that still covers the largest variant: JPEG decodes in eighths, WebP at
    /// any size, PNG and GIF only whole.
    /// </summary>
    private static SKSizeI DecodeSize(SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var needed = Math.Min(LargestSide, longest);
        var exact = (float)needed / longest;
        return Enumerable.Range(1, 8).Select(eighths => eighths / 8f).Prepend(exact)
            .Where(scale => scale >= exact)
            .Select(codec.GetScaledDimensions)
            .Where(size => Math.Max(size.Width, size.Height) >= needed)
            .DefaultIfEmpty(codec.Info.Size)
            .MinBy(size => (long)size.Width * size.Height);
    }

    /// <summary>
    /// The image decoded at <paramref name="size"/>, shrunk to the largest variant and turned upright. Each step frees
    /// the bitmap it replaces, so the decode is gone before any variant is encoded.
    /// </summary>
    private static SKBitmap DecodeUpright(SKCodec codec, SKSizeI size)
    {
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) != SKCodecResult.Success)
            {
                throw Invalid("The image is damaged or incomplete.");
            }
            bitmap = Replace(bitmap, Fit(bitmap, LargestSide));
            return Replace(bitmap, Upright(bitmap, codec.EncodedOrigin));
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static SKBitmap Replace(SKBitmap current, SKBitmap? next)
    {
        if (next is null)
        {
            return current;
        }
        current.Dispose();
        return next;
    }

    private static EncodedVariant Encode(SKBitmap source, VariantSpec spec)
    {
        using var resized = Fit(source, spec.MaxSide);
        var variant = resized ?? source;
        // The pixels are encoded where they lie: no copy of the bitmap for the encoder.
        using var pixels = variant.PeekPixels();
        using var image = SKImage.FromPixels(pixels);
        using var encoded = image.Encode(SKEncodedImageFormat.Webp, VariantQuality);
        return new EncodedVariant(spec, variant.Width, variant.Height, encoded.ToArray());
    }

    /// <summary>The bitmap shrunk to fit a square of <paramref name="maxSide"/>, or null when it fits already (never enlarged).</summary>
    private static SKBitmap? Fit(SKBitmap source, int maxSide)
    {
        var scale = (double)maxSide / Math.Max(source.Width, source.Height);
        if (scale >= 1.0)
        {
            return null;
        }
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        return source.Resize(new SKImageInfo(width, height, source.ColorType, source.AlphaType), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    private static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>The bitmap as it should be seen (the EXIF origin says how the camera stored it), or null when it is upright already.</summary>
    private static SKBitmap? Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        var swapsSides = SwapsSides(origin);
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
            return null;
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
