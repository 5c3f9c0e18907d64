using SkiaSharp;

namespace Marketplace.Tests.Media;

/// <summary>Real encoded images made on the fly: a left half red and a right half blue, so orientation is visible.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>A JPEG whose EXIF block says "rotate 90° clockwise to view" (orientation 6), as phone cameras write.</summary>
    public static byte[] JpegRotatedByExif(int storedWidth, int storedHeight)
    {
        var jpeg = Jpeg(storedWidth, storedHeight);
        byte[] exif =
        [
            0xFF, 0xE1, 0x00, 0x22, // APP1, length 34
            (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // little-endian TIFF, first IFD at 8
            0x01, 0x00, // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, // Orientation (SHORT) = 6
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return [.. jpeg[..2], .. exif, .. jpeg[2..]];
    }

    /// <summary>
    /// A small JPEG whose frame header claims <paramref name="width"/>×<paramref name="height"/>: what a decompression
    /// bomb looks like to a decoder that trusts the header.
    /// </summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = Jpeg(64, 64);
        // Start of frame (baseline or progressive): FF C0/C2, length (2), precision (1), height (2), width (2).
        var frame = Enumerable.Range(2, jpeg.Length - 9).First(i => jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2);
        jpeg[frame + 5] = (byte)(height >> 8);
        jpeg[frame + 6] = (byte)height;
        jpeg[frame + 7] = (byte)(width >> 8);
        jpeg[frame + 8] = (byte)width;
        return jpeg;
    }

    public static SKColor PixelAt(byte[] encoded, float xFraction, float yFraction)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return bitmap.GetPixel((int)(bitmap.Width * xFraction), (int)(bitmap.Height * yFraction));
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
