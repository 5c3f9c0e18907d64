namespace Marketplace.Grains.Search;

/// <summary>
/// A large, realistic catalog for the search index (benchmarks, demos): product titles in Russian (about 70 %) and
/// English over every leaf category, each kind of product with its own brands, models, colours and price range, spread
/// over sellers like a real marketplace (a few big sellers, a long tail: seller rank ~ u², so the top 1 % of sellers
/// hold about 10 % of the products). Deterministic: the same count and seed give the same products, ids included,
/// so loading it twice leaves the same index.
/// </summary>
public static class GeneratedCatalog
{
    /// <summary>Every generated product's description ends with this, so a loader can tell them apart.</summary>
    public const string Marker = "(generated catalog)";

    private sealed record Kind(string Category, string Russian, string English, string[] Brands, string[] Models, decimal MinPrice, decimal MaxPrice);

    private static readonly string[] ColoursRu = ["чёрный", "белый", "серый", "синий", "красный", "зелёный", "бежевый"];
    private static readonly string[] ColoursEn = ["black", "white", "grey", "blue", "red", "green", "beige"];

    private static readonly Kind[] Kinds =
    [
        new("electronics/phones", "Смартфон", "Smartphone", ["Samsung", "Apple", "Xiaomi", "Realme", "Honor", "Tecno"], ["Galaxy A54", "iPhone 15", "Redmi Note 13", "C55", "X8b", "Spark 20"], 8_000, 150_000),
        new("electronics/phones", "Чехол для телефона", "Phone case", ["Spigen", "Baseus", "Ugreen", "Samsung"], ["Tough Armor", "Liquid Air", "Crystal", "Silicone"], 300, 3_000),
        new("electronics/laptops", "Ноутбук", "Laptop", ["Lenovo", "Asus", "HP", "Acer", "Apple", "Huawei"], ["IdeaPad 5", "VivoBook 15", "Pavilion 14", "Aspire 7", "MacBook Air", "MateBook D16"], 35_000, 250_000),
        new("electronics/audio", "Наушники беспроводные", "Wireless headphones", ["Sony", "JBL", "Sennheiser", "Apple", "Marshall", "Xiaomi"], ["WH-1000XM5", "Tune 520BT", "Momentum 4", "AirPods Pro", "Major IV", "Buds 5"], 1_500, 45_000),
        new("electronics/audio", "Колонка портативная", "Portable speaker", ["JBL", "Sony", "Marshall", "Yandex"], ["Flip 6", "SRS-XB13", "Emberton II", "Station Mini"], 2_500, 30_000),
        new("electronics/accessories", "Зарядное устройство", "Charger", ["Anker", "Baseus", "Ugreen", "Xiaomi"], ["Nano 65W", "GaN 100W", "Nexode 45W", "Turbo 33W"], 700, 6_000),
        new("electronics/accessories", "Кабель USB-C", "USB-C cable", ["Anker", "Baseus", "Ugreen"], ["PowerLine 1 м", "Cafule 2 м", "Braided 1.5 м"], 250, 2_000),
        new("clothing/women", "Платье женское", "Women's dress", ["Zarina", "Love Republic", "Mango", "Befree"], ["миди", "макси", "мини", "трикотажное"], 1_500, 12_000),
        new("clothing/women", "Куртка женская", "Women's jacket", ["Columbia", "Finn Flare", "Zarina", "Outventure"], ["демисезонная", "зимняя", "пуховая", "ветровка"], 3_000, 25_000),
        new("clothing/men", "Футболка мужская", "Men's T-shirt", ["Nike", "Adidas", "Puma", "Gloria Jeans", "Demix"], ["oversize", "хлопковая", "спортивная", "поло"], 500, 4_000),
        new("clothing/men", "Джинсы мужские", "Men's jeans", ["Levi's", "Wrangler", "Gloria Jeans", "Lee"], ["501 Original", "Texas", "slim fit", "straight"], 2_000, 12_000),
        new("clothing/kids", "Комбинезон детский", "Kids' snowsuit", ["Reima", "Kerry", "Premont", "Lassie"], ["зимний", "демисезонный", "мембранный"], 3_000, 20_000),
        new("clothing/shoes", "Кроссовки мужские", "Men's running shoes", ["Nike", "Adidas", "Asics", "New Balance", "Puma", "Demix"], ["Air Zoom Pegasus", "Ultraboost", "Gel-Kayano", "574", "Velocity Nitro", "Runner"], 2_500, 20_000),
        new("clothing/shoes", "Кроссовки женские", "Women's sneakers", ["Nike", "Adidas", "Reebok", "New Balance", "Skechers"], ["Air Max 90", "Stan Smith", "Club C", "327", "D'Lites"], 2_500, 18_000),
        new("clothing/shoes", "Ботинки зимние", "Winter boots", ["Ecco", "Timberland", "Columbia", "Rieker"], ["Track 25", "6-Inch Premium", "Bugaboot", "Antistress"], 4_000, 30_000),
        new("home/kitchen", "Сковорода", "Frying pan", ["Tefal", "Rondell", "Нева Металл", "Scovo"], ["Unlimited 28 см", "Delice 26 см", "Титан 24 см", "Expert 28 см"], 900, 7_000),
        new("home/kitchen", "Кофемашина", "Coffee machine", ["DeLonghi", "Philips", "Krups", "Polaris"], ["Magnifica S", "EP2220", "Essential", "PACM 2080"], 12_000, 90_000),
        new("home/furniture", "Стул офисный", "Office chair", ["Бюрократ", "Chairman", "Everprof", "IKEA"], ["CH-868", "Game 17", "Drift", "Markus"], 3_500, 35_000),
        new("home/furniture", "Стеллаж", "Shelving unit", ["IKEA", "Шатура", "Лазурит"], ["Kallax", "Billy", "Лофт", "Модерн"], 2_500, 20_000),
        new("home/textiles", "Постельное бельё", "Bed linen set", ["Togas", "Cleo", "Ивановский текстиль", "Sofi de Marko"], ["сатин 2-спальное", "евро поплин", "перкаль семейное"], 2_000, 15_000),
        new("home/lighting", "Настольная лампа", "Desk lamp", ["Xiaomi", "Camelion", "Philips", "Эра"], ["Mi LED Lamp 1S", "KD-820", "Hue Go", "NLED-480"], 800, 9_000),
        new("beauty/skincare", "Крем для лица", "Face cream", ["La Roche-Posay", "Vichy", "CeraVe", "Natura Siberica", "Bioderma"], ["увлажняющий 50 мл", "ночной 50 мл", "SPF 30", "для сухой кожи"], 400, 4_500),
        new("beauty/makeup", "Тушь для ресниц", "Mascara", ["Maybelline", "L'Oreal", "Vivienne Sabo", "Essence"], ["Lash Sensational", "Volume Million", "Cabaret", "Lash Princess"], 250, 2_000),
        new("beauty/fragrance", "Парфюмерная вода", "Eau de parfum", ["Chanel", "Dior", "Zara", "Lancome"], ["Chance 50 мл", "Sauvage 100 мл", "Red Vanilla 90 мл", "La Vie Est Belle 30 мл"], 1_500, 18_000),
        new("sports/fitness", "Гантели разборные", "Adjustable dumbbells", ["Torneo", "Starfit", "Demix", "Kettler"], ["2 x 10 кг", "2 x 15 кг", "2 x 20 кг"], 1_500, 15_000),
        new("sports/fitness", "Коврик для йоги", "Yoga mat", ["Starfit", "Demix", "Reebok", "Manduka"], ["6 мм", "8 мм", "TPE 4 мм"], 600, 6_000),
        new("sports/outdoor", "Палатка туристическая", "Camping tent", ["Trek Planet", "Outventure", "Naturehike", "Coleman"], ["3-местная", "2-местная", "4-местная"], 3_000, 40_000),
        new("sports/cycling", "Велосипед горный", "Mountain bike", ["Stels", "Forward", "Merida", "Stinger", "Format"], ["Navigator 700", "Apache 29", "Big Nine", "Element", "1413"], 15_000, 120_000),
        new("books/fiction", "Роман", "Novel", ["Эксмо", "АСТ", "Азбука", "Penguin"], ["Мастер и Маргарита", "Преступление и наказание", "1984", "Война и мир"], 300, 1_500),
        new("books/non-fiction", "Книга по саморазвитию", "Self-help book", ["МИФ", "Альпина Паблишер", "Бомбора"], ["Атомные привычки", "Думай медленно", "Sapiens"], 400, 1_800),
        new("books/children", "Детская книга", "Children's book", ["Росмэн", "Махаон", "Clever"], ["Сказки", "Энциклопедия", "Раскраска"], 200, 1_200),
        new("toys/construction", "Конструктор", "Building set", ["LEGO", "Mould King", "Sluban", "Qman"], ["City 60337", "Technic 42151", "Friends", "Creator 3 в 1"], 800, 25_000),
        new("toys/dolls", "Кукла", "Doll", ["Barbie", "L.O.L. Surprise", "Enchantimals", "Кукла Маша"], ["Dreamhouse", "OMG", "с питомцем", "в платье"], 500, 6_000),
        new("toys/games", "Настольная игра", "Board game", ["Hobby World", "Мосигра", "Hasbro", "Лавка Игр"], ["Каркассон", "Монополия", "Имаджинариум", "Взрывные котята"], 600, 5_000),
    ];

    /// <summary>The brands the catalog uses, e.g. for facet filters in a benchmark's queries.</summary>
    public static IEnumerable<(string Category, string Brand)> CategoryBrands =>
        Kinds.SelectMany(k => k.Brands.Select(b => (k.Category, b))).Distinct();

    /// <summary>The product kinds: category and names in both languages ("Кроссовки мужские", "Men's running shoes").</summary>
    public static IEnumerable<(string Category, string Russian, string English)> KindNames => Kinds.Select(k => (k.Category, k.Russian, k.English));

    /// <summary>The id of generated product <paramref name="index"/> (0-based).</summary>
    public static Guid ProductId(int index) => IdOf(index);

    /// <summary>The id of generated seller <paramref name="index"/> (0-based).</summary>
    public static Guid SellerId(int index) => IdOf(0x5E11E000_00000000L + index);

    /// <summary><paramref name="count"/> products over <paramref name="sellers"/> sellers, published over the year before <paramref name="until"/>.</summary>
    public static IEnumerable<ProductDocument> Products(int count, int sellers, DateTimeOffset until)
    {
        for (var i = 0; i < count; i++)
        {
            var random = new Random(i);
            var kind = Kinds[random.Next(Kinds.Length)];
            var brand = kind.Brands[random.Next(kind.Brands.Length)];
            var model = kind.Models[random.Next(kind.Models.Length)];
            var colour = random.Next(ColoursRu.Length);
            var russian = random.NextDouble() < 0.7;
            var title = russian
                ? $"{kind.Russian} {brand} {model}, {ColoursRu[colour]}"
                : $"{brand} {model} {kind.English}, {ColoursEn[colour]}";
            var description = russian
                ? $"{kind.Russian} {brand} {model}. Цвет: {ColoursRu[colour]}. Официальная гарантия, быстрая доставка. {Marker}"
                : $"{kind.English} by {brand}, model {model}, colour {ColoursEn[colour]}. Official warranty, fast delivery. {Marker}";
            var price = Math.Round((kind.MinPrice + (decimal)Math.Pow(random.NextDouble(), 2) * (kind.MaxPrice - kind.MinPrice)) / 10) * 10 - 1;
            var seller = (int)(sellers * Math.Pow(random.NextDouble(), 2));
            yield return new ProductDocument(ProductId(i), 1, true, SellerId(seller), title, description, kind.Category, brand,
                price, "RUB", random.Next(10) > 0, null, until.AddMinutes(-random.Next(365 * 24 * 60)));
        }
    }

    private static Guid IdOf(long value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, 0x6E6E_CA7A_1060_0000L);
        BitConverter.TryWriteBytes(bytes[8..], value);
        return new Guid(bytes);
    }
}
