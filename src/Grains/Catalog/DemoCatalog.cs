using System.Security.Cryptography;
using System.Text;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Identity;
using Marketplace.Media;
using Marketplace.Sellers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Marketplace.Grains.Catalog;

public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    public DemoDataOptions DemoData { get; set; } = new();

    public ModerationOptions Moderation { get; set; } = new();

    public InventoryOptions Inventory { get; set; } = new();

    /// <summary>What one variant's stock remembers to answer retries without keeping a record of every sale.</summary>
    public sealed class InventoryOptions
    {
        /// <summary>
        /// The latest committed orders, so a checkout's retried reservation or commit arriving after its commit changes
        /// nothing. A retry comes within the grain call timeout (Orleans drops an expired request), so this need only
        /// cover the commits of one SKU in that time.
        /// </summary>
        public int RememberedCommits { get; set; } = 256;
    }

    /// <summary>What product cards refuse beyond the shared <c>Moderation</c> section.</summary>
    public sealed class ModerationOptions
    {
        /// <summary>Words (any case, whole words) that get a product card blocked though a review may use them.</summary>
        public List<string> BannedWords { get; set; } = [];
    }

    public sealed class DemoDataOptions
    {
        /// <summary>Seed demo sellers (with sign-in accounts) and published products when the silo starts.</summary>
        public bool Enabled { get; set; }
        public int Sellers { get; set; } = 5;
        public int Products { get; set; } = 300;
        /// <summary>The demo sellers' password: no default, each install has its own (deploy/local/up.sh generates it).</summary>
        public string Password { get; set; } = "";
    }
}

/// <summary>
/// Fills an empty marketplace with active sellers and published products so a new user can browse at once.
/// Every id derives from a fixed name, so running it again (or on two silos at once) adds nothing twice.
/// Demo sellers sign in to the seller gateway as seller{N}@demo.marketplace.local with the configured password.
/// </summary>
public sealed class DemoCatalogSeeder(IGrainFactory grains, IOptions<CatalogOptions> options, ILogger<DemoCatalogSeeder> logger)
{
    private static readonly string[] Brands = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adventure Works", "Wide World", "Proseware"];
    private static readonly string[] Adjectives = ["Classic", "Compact", "Premium", "Everyday", "Lightweight", "Pro", "Eco", "Deluxe", "Urban", "Smart"];

    // What a shopper finds on each shelf: a card's title names a thing, not the shelf it stands on.
    private static readonly Dictionary<string, string[]> Goods = new(StringComparer.Ordinal)
    {
        ["phones"] = ["Smartphone", "Phone"], ["laptops"] = ["Laptop", "Ultrabook"], ["audio"] = ["Headphones", "Speaker"],
        ["accessories"] = ["Charger", "Phone Case"], ["women"] = ["Dress", "Blouse"], ["men"] = ["Shirt", "Jacket"],
        ["kids"] = ["Hoodie", "T-shirt"], ["shoes"] = ["Sneakers", "Boots"], ["kitchen"] = ["Kettle", "Frying Pan"],
        ["furniture"] = ["Chair", "Bookshelf"], ["textiles"] = ["Blanket", "Towel Set"], ["lighting"] = ["Desk Lamp", "Pendant Light"],
        ["skincare"] = ["Face Cream", "Serum"], ["makeup"] = ["Lipstick", "Mascara"], ["fragrance"] = ["Eau de Parfum", "Body Mist"],
        ["fitness"] = ["Yoga Mat", "Dumbbell Set"], ["outdoor"] = ["Tent", "Backpack"], ["cycling"] = ["Bike Helmet", "Bike Light"],
        ["fiction"] = ["Novel", "Short Stories"], ["non-fiction"] = ["Biography", "Cookbook"], ["children"] = ["Picture Book", "Fairy Tales"],
        ["construction"] = ["Building Blocks", "Construction Set"], ["dolls"] = ["Doll", "Dollhouse"], ["games"] = ["Board Game", "Puzzle"],
    };
    private static readonly string[] Colours = ["black", "white", "red", "blue", "green", "grey"];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value.DemoData;
        var sellerIds = new List<Guid>();
        for (var i = 1; i <= demo.Sellers; i++)
        {
            sellerIds.Add(await EnsureSeller(i, demo.Password));
        }

        var leaves = Categories.Leaves.ToList();
        var published = 0;
        for (var i = 0; i < demo.Products && !cancellationToken.IsCancellationRequested; i++)
        {
            var sellerId = sellerIds[i % sellerIds.Count];
            var product = grains.GetGrain<IProductGrain>(DemoId($"product:{i}"));
            try
            {
                var draft = DemoProduct(i, leaves[i % leaves.Count]);
                var card = await product.Create(sellerId, draft);
                if (card.Status == ProductStatus.Draft)
                {
                    card = await AttachPhoto(product, sellerId, card, draft, i);
                    await product.Publish(sellerId, card.Version);
                }
                published++;
            }
            catch (DomainException e)
            {
                // Another silo seeding at the same moment got there first.
                logger.LogDebug(e, "Demo product {Index} skipped", i);
            }
        }
        logger.LogInformation("Demo catalog ready: {Sellers} sellers, {Products} published products", sellerIds.Count, published);
    }

    private async Task<Guid> EnsureSeller(int index, string password)
    {
        var email = $"seller{index}@demo.marketplace.local";
        var displayName = $"{Brands[index % Brands.Length]} Store {index}";
        var emailIndex = grains.GetGrain<IUserEmailGrain>(EmailAddress.Normalise(email));
        var userId = await emailIndex.GetUserId();
        if (userId is null)
        {
            try
            {
                userId = (await grains.GetGrain<IAuthGrain>(0).Register(new Registration(email, password, displayName, UserRole.Seller))).UserId;
            }
            catch (ConflictException)
            {
                userId = await emailIndex.GetUserId();
            }
        }

        var seller = grains.GetGrain<ISellerGrain>(userId!.Value);
        if (await seller.GetStatus() is null)
        {
            await seller.Onboard(new SellerApplication(displayName, $"{displayName} LLC", $"77{index:D8}",
                new PayoutDetails("Demo Bank", $"4070281090000000{index:D4}", "044525225"),
                new SellerContact(email, null)));
        }
        await seller.ChangeStatus(SellerStatus.Active, "Demo seller");
        return userId.Value;
    }

    /// <summary>Uploads a generated picture through the media pipeline, so demo products have real image variants too.</summary>
    private async Task<ProductSnapshot> AttachPhoto(IProductGrain product, Guid sellerId, ProductSnapshot card, ProductDraft draft, int index)
    {
        if (card.Images.Count > 0)
        {
            return card;
        }
        var image = await grains.GetGrain<IProductMediaGrain>(card.ProductId).Upload(sellerId, DemoPhoto(index));
        return await product.Edit(sellerId, card.Version, draft with { Images = [image.Reference] });
    }

    /// <summary>A 640x640 JPEG: a two-colour gradient with a disc, different for every product.</summary>
    private static byte[] DemoPhoto(int index)
    {
        var random = new Random(index);
        SKColor RandomColour() => new((byte)random.Next(40, 230), (byte)random.Next(40, 230), (byte)random.Next(40, 230));
        using var surface = SKSurface.Create(new SKImageInfo(640, 640));
        using var background = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(640, 640), [RandomColour(), RandomColour()], SKShaderTileMode.Clamp),
        };
        surface.Canvas.DrawRect(0, 0, 640, 640, background);
        using var disc = new SKPaint { Color = RandomColour(), IsAntialias = true };
        surface.Canvas.DrawCircle(random.Next(200, 440), random.Next(200, 440), random.Next(80, 180), disc);
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 85);
        return jpeg.ToArray();
    }

    private static ProductDraft DemoProduct(int index, Category category)
    {
        var random = new Random(index);
        var brand = Brands[random.Next(Brands.Length)];
        var goods = Goods.GetValueOrDefault(category.Id[(category.Id.LastIndexOf('/') + 1)..], [category.Name]);
        var noun = goods[random.Next(goods.Length)];
        var title = $"{Adjectives[random.Next(Adjectives.Length)]} {noun} {100 + index}";
        var basePrice = Math.Round((decimal)(random.NextDouble() * 9900 + 100), 0);
        var variants = Enumerable.Range(0, random.Next(1, 4))
            .Select(v => new VariantDraft($"DEMO-{index}-{v + 1}",
                new Dictionary<string, string> { ["colour"] = Colours[(index + v) % Colours.Length] },
                basePrice + v * 100, "RUB", random.Next(0, 4) == 0 ? 0 : random.Next(1, 50)))
            .ToList();
        return new ProductDraft(title, $"{title} by {brand}: a demo product in {category.Name}.", category.Id, brand,
            new Dictionary<string, string> { ["origin"] = "demo" }, [], variants);
    }

    private static Guid DemoId(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"demo:{name}")).AsSpan(0, 16));
}

/// <summary>Seeds the demo catalog once the host (and so the silo) has started, without holding up the start.</summary>
internal sealed class DemoCatalogStartup(DemoCatalogSeeder seeder, IOptions<CatalogOptions> options, IHostApplicationLifetime lifetime,
    ILogger<DemoCatalogStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoData.Enabled)
        {
            return;
        }
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        try
        {
            await seeder.SeedAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Seeding the demo catalog failed");
        }
    }
}
