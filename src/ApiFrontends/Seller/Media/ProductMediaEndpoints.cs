using System.Security.Claims;
using Marketplace.Common;
using Marketplace.Gateways.Identity;
using Marketplace.Media;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateways.Seller.Media;

public static class ProductMediaEndpoints
{
    /// <summary>
    /// A hard cap on an upload request, so a gateway never buffers a huge body (413). The silo checks the image
    /// itself against Media:MaxImageBytes and answers a field error.
    /// </summary>
    private const long DefaultMaxUploadRequestBytes = 32 * 1024 * 1024;

    /// <summary>A seller's product images: upload (multipart field <c>file</c>), list, remove. Owner-only (403 otherwise).</summary>
    public static IEndpointRouteBuilder MapProductMedia(this IEndpointRouteBuilder app)
    {
        var maxRequestBytes = app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Media:MaxUploadRequestBytes", DefaultMaxUploadRequestBytes);
        var images = app.MapGroup("/products/{productId:guid}/images").WithTags("Media").RequireAuthorization();
        images.MapPost("", Upload)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxRequestBytes))
            .WithSummary("Upload a JPEG, PNG, WebP or GIF image (multipart form field 'file'); thumbnail, card and full WebP variants are made.");
        images.MapGet("", List);
        images.MapDelete("/{imageId:guid}", Remove);
        return app;
    }

    private static async Task<IResult> Upload(Guid productId, IFormFile? file, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            throw new ValidationException("file", "Send the image as the multipart form field 'file'.");
        }
        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, cancellationToken);
        var image = await grains.GetGrain<IProductMediaGrain>(productId).Upload(user.GetUserId(), content.ToArray());
        return Results.Created($"/products/{productId}/images/{image.ImageId}", image);
    }

    private static Task<IReadOnlyList<ProductImage>> List(Guid productId, ClaimsPrincipal user, IGrainFactory grains) =>
        grains.GetGrain<IProductMediaGrain>(productId).List(user.GetUserId());

    private static async Task<IResult> Remove(Guid productId, Guid imageId, ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetGrain<IProductMediaGrain>(productId).Remove(user.GetUserId(), imageId);
        return Results.NoContent();
    }
}
