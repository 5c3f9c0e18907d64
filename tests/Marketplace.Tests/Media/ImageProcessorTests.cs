using System.Text;
using Marketplace.Common;
using Marketplace.Grains.Media;
using SkiaSharp;

namespace Marketplace.Tests.Media;

public sealed class ImageProcessorTests
{
    private readonly ImageProcessor _processor = new(new MediaOptions());

    [Fact]
    public void Makes_webp_variants_that_fit_their_box_without_enlarging()
    {
        var processed = _processor.Process(TestImages.Png(3000, 1500));

        Assert.Equal(("image/png", 3000, 1500), (processed.ContentType, processed.Width, processed.Height));
        Assert.Equal([("thumbnail", 200, 100), ("card", 600, 300), ("full", 1600, 800)], processed.Variants.Select(v => (v.Spec.Name, v.Width, v.Height)));
        foreach (var variant in processed.Variants)
        {
            Assert.Equal("image/webp", ImageProcessor.Sniff(variant.Content));
            using var decoded = SKBitmap.Decode(variant.Content);
            Assert.Equal((variant.Width, variant.Height), (decoded.Width, decoded.Height));
        }

        var small = _processor.Process(TestImages.Jpeg(120, 80));
        Assert.All(small.Variants, v => Assert.Equal((120, 80), (v.Width, v.Height)));
    }

    [Fact]
    public void Turns_a_photo_upright_per_its_exif_orientation()
    {
        // Stored 300×100 with red on the left; rotated 90° clockwise for viewing, red is on top.
        var processed = _processor.Process(TestImages.JpegRotatedByExif(300, 100));

        Assert.Equal((100, 300), (processed.Width, processed.Height));
        var card = processed.Variants.Single(v => v.Spec.Name == "card").Content;
        Assert.True(IsRed(TestImages.PixelAt(card, 0.5f, 0.1f)), "the top should be red");
        Assert.True(IsBlue(TestImages.PixelAt(card, 0.5f, 0.9f)), "the bottom should be blue");
    }

    [Fact]
    public void Refuses_what_is_not_an_image_on_the_file_field()
    {
        AssertRefused(Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), "Only JPEG, PNG, WebP and GIF");
        AssertRefused([0x4D, 0x5A, 0x90, 0x00, 0x03], "Only JPEG, PNG, WebP and GIF");
        AssertRefused([], "empty");
    }

    [Fact]
    public void Refuses_an_image_that_does_not_decode_completely()
    {
        var png = TestImages.Png(400, 400);
        AssertRefused([.. png[..16], .. new byte[200]], "readable");
        var jpeg = TestImages.Jpeg(400, 400);
        AssertRefused(jpeg[..(jpeg.Length / 2)], "damaged");
    }

    [Fact]
    public void Refuses_files_and_pictures_over_the_limits()
    {
        var strict = new ImageProcessor(new MediaOptions { MaxImageBytes = 1000, MaxImagePixels = 1_000_000 });
        var error = Assert.Throws<ValidationException>(() => strict.Process(TestImages.Png(300, 300).Concat(new byte[1000]).ToArray()));
        Assert.Contains("at most", Assert.Single(error.Errors["file"]));

        var bomb = new ImageProcessor(new MediaOptions { MaxImagePixels = 1_000_000 });
        var tooManyPixels = Assert.Throws<ValidationException>(() => bomb.Process(TestImages.Png(2000, 1000)));
        Assert.Contains("megapixels", Assert.Single(tooManyPixels.Errors["file"]));
    }

    [Fact]
    public void Decodes_within_the_memory_budget_reducing_a_jpeg_while_decoding_and_refusing_a_png_before_decoding()
    {
        // 16 MB holds neither picture decoded whole (4000×3000 is 48 MB, 2500×2000 is 20 MB).
        var budgeted = new ImageProcessor(new MediaOptions { MaxDecodedBytes = 16 * 1024 * 1024 });

        var photo = budgeted.Process(TestImages.Jpeg(4000, 3000));
        Assert.Equal(("image/jpeg", 4000, 3000), (photo.ContentType, photo.Width, photo.Height));
        Assert.Equal((1600, 1200), photo.Variants.Where(v => v.Spec.Name == "full").Select(v => (v.Width, v.Height)).Single());
        Assert.True(IsRed(TestImages.PixelAt(photo.Variants[^1].Content, 0.1f, 0.5f)) && IsBlue(TestImages.PixelAt(photo.Variants[^1].Content, 0.9f, 0.5f)));

        var error = Assert.Throws<ValidationException>(() => budgeted.Process(TestImages.Png(2500, 2000)));
        Assert.Contains("cannot be decoded at a reduced size", Assert.Single(error.Errors["file"]));
    }

    private void AssertRefused(byte[] content, string reason)
    {
        var error = Assert.Throws<ValidationException>(() => _processor.Process(content));
        Assert.Contains(reason, Assert.Single(error.Errors["file"]));
    }

    private static bool IsRed(SKColor c) => c.Red > 200 && c.Blue < 60;

    private static bool IsBlue(SKColor c) => c.Blue > 200 && c.Red < 60;
}
