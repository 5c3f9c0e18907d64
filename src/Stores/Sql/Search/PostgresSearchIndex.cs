using System.Text.RegularExpressions;
using Marketplace.Search;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Grains.Search;

/// <summary>
/// The search index in PostgreSQL (tables of migrations 0200 and 0201): tsvector full-text under the 'russian'
/// configuration (Russian stems for Cyrillic words, English stems for Latin ones) ranked by ts_rank, and typo
/// tolerance by swapping a query word that no indexed word starts with for its nearest indexed words (pg_trgm).
/// </summary>
public sealed partial class PostgresSearchIndex(NpgsqlDataSource dataSource) : ISearchIndex
{
    private const string ProductScope = "products";
    private const string SellerScope = "sellers";
    private const int MaxQueryWords = 8;
    private const int CorrectionsPerWord = 3;

    /// <summary>Trigrams say little about shorter words: a two-letter word is only ever matched as a prefix.</summary>
    private const int MinCorrectableLength = 3;

    /// <summary>The columns a product document fills, in the order of the bulk loader's COPY.</summary>
    private const string ProductColumns =
        "product_id, sequence, listed, seller_id, title, description, category, category_path, brand, price, currency, in_stock, image, published_at";

    private static readonly string UpsertProductSql = UpsertProducts("""
        VALUES (@id, @sequence, @listed, @seller, @title, @description, @category, @categoryPath,
                @brand, @price, @currency, @inStock, @image, @publishedAt)
        """);

    /// <summary>The upsert of the products <paramref name="rows"/> yields, ordered by sequence, feeding the vocabulary.</summary>
    private static string UpsertProducts(string rows) => $"""
        WITH written AS (
            INSERT INTO search_products ({ProductColumns})
            {rows}
            ON CONFLICT (product_id) DO UPDATE SET
                sequence = EXCLUDED.sequence, listed = EXCLUDED.listed, seller_id = EXCLUDED.seller_id,
                title = EXCLUDED.title, description = EXCLUDED.description, category = EXCLUDED.category,
                category_path = EXCLUDED.category_path, brand = EXCLUDED.brand, price = EXCLUDED.price,
                currency = EXCLUDED.currency, in_stock = EXCLUDED.in_stock, image = EXCLUDED.image,
                published_at = EXCLUDED.published_at
            WHERE search_products.sequence <= EXCLUDED.sequence
            RETURNING listed, to_tsvector('simple', title || ' ' || brand || ' ' || replace(category, '/', ' ') || ' ' || description) AS words),
        {RememberTerms(ProductScope)}
        SELECT count(*) FROM written
        """;

    public async Task<bool> UpsertProductAsync(ProductDocument product, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(UpsertProductSql);
        command.Parameters.AddWithValue("id", product.ProductId);
        command.Parameters.AddWithValue("sequence", product.Sequence);
        command.Parameters.AddWithValue("listed", product.Listed);
        command.Parameters.AddWithValue("seller", product.SellerId);
        command.Parameters.AddWithValue("title", product.Title);
        command.Parameters.AddWithValue("description", product.Description);
        command.Parameters.AddWithValue("category", product.Category);
        command.Parameters.AddWithValue("categoryPath", product.CategoryPath.ToArray());
        command.Parameters.AddWithValue("brand", product.Brand);
        command.Parameters.AddWithValue("price", product.Price);
        command.Parameters.AddWithValue("currency", product.Currency);
        command.Parameters.AddWithValue("inStock", product.InStock);
        command.Parameters.Add(new NpgsqlParameter<string?>("image", NpgsqlDbType.Text) { TypedValue = product.Image });
        command.Parameters.AddWithValue("publishedAt", product.PublishedAt);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    /// <summary>
    /// Writes many products at once (a generated catalog, an import): binary COPY into a temporary table, then one
    /// upsert with the ordering and vocabulary of <see cref="UpsertProductAsync"/>, in one transaction. Answers how
    /// many were written (a product the index holds at a higher sequence is skipped).
    /// </summary>
    public async Task<long> BulkUpsertProductsAsync(IEnumerable<ProductDocument> products, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMPORARY TABLE search_products_load ON COMMIT DROP AS SELECT {ProductColumns} FROM search_products WITH NO DATA",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY search_products_load ({ProductColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var product in products)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(product.ProductId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(product.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(product.Listed, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(product.SellerId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(product.Title, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.Description, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.Category, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.CategoryPath.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.Brand, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.Price, NpgsqlDbType.Numeric, cancellationToken);
                await copy.WriteAsync(product.Currency, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.InStock, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(product.Image, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(product.PublishedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        // The newest document per product only: one INSERT … ON CONFLICT may not touch a row twice.
        await using var upsert = new NpgsqlCommand(UpsertProducts(
            $"SELECT DISTINCT ON (product_id) {ProductColumns} FROM search_products_load ORDER BY product_id, sequence DESC"),
            connection, transaction) { CommandTimeout = 0 };    // as long as it takes: a whole catalog, cancellable by the caller
        var written = (long)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        // Move the new entries from the full-text index's pending list into the index proper and refresh the
        // statistics: otherwise the planner prices the GIN index at the pending list's size and scans the table.
        await using (var settle = new NpgsqlCommand(
            "SELECT gin_clean_pending_list('search_products_document'::regclass); ANALYZE search_products; ANALYZE search_terms",
            connection, transaction) { CommandTimeout = 0 })
        {
            await settle.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<bool> UpsertSellerAsync(SellerDocument seller, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH written AS (
                INSERT INTO search_sellers (seller_id, version, listed, display_name)
                VALUES (@id, @version, @listed, @name)
                ON CONFLICT (seller_id) DO UPDATE SET
                    version = EXCLUDED.version, listed = EXCLUDED.listed, display_name = EXCLUDED.display_name
                WHERE search_sellers.version <= EXCLUDED.version
                RETURNING listed, to_tsvector('simple', display_name) AS words),
            {RememberTerms(SellerScope)}
            SELECT count(*) FROM written
            """);
        command.Parameters.AddWithValue("id", seller.SellerId);
        command.Parameters.AddWithValue("version", seller.Version);
        command.Parameters.AddWithValue("listed", seller.Listed);
        command.Parameters.AddWithValue("name", seller.DisplayName);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public async Task<ProductSearchResult> SearchProductsAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var tsQuery = await ToTsQueryAsync(connection, ProductScope, query.Text, cancellationToken);

        var conditions = new List<string> { "listed" };
        var parameters = new List<NpgsqlParameter>();
        if (tsQuery is not null)
        {
            conditions.Add("document @@ @query::tsquery");
            parameters.Add(new NpgsqlParameter<string>("query", tsQuery));
        }
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            conditions.Add("category_path @> ARRAY[@category]");
            parameters.Add(new NpgsqlParameter<string>("category", query.Category.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(query.Brand))
        {
            conditions.Add("lower(brand) = lower(@brand)");
            parameters.Add(new NpgsqlParameter<string>("brand", query.Brand.Trim()));
        }
        if (query.MinPrice is { } min)
        {
            conditions.Add("price >= @minPrice");
            parameters.Add(new NpgsqlParameter<decimal>("minPrice", min));
        }
        if (query.MaxPrice is { } max)
        {
            conditions.Add("price <= @maxPrice");
            parameters.Add(new NpgsqlParameter<decimal>("maxPrice", max));
        }
        if (query.SellerId is { } seller)
        {
            conditions.Add("seller_id = @seller");
            parameters.Add(new NpgsqlParameter<Guid>("seller", seller));
        }
        if (query.InStock == true)
        {
            conditions.Add("in_stock");
        }
        var where = string.Join(" AND ", conditions);
        var relevance = query.Sort == ProductSort.Relevance && tsQuery is not null;
        var orderBy = query.Sort switch
        {
            ProductSort.PriceAscending => "price, product_id",
            ProductSort.PriceDescending => "price DESC, product_id",
            ProductSort.Relevance when relevance => "rank DESC, published_at DESC, product_id",
            _ => "published_at DESC, product_id",
        };

        // One pass over the matches yields the page, both facets and the total: the matched rows are read from the
        // table once (not once for the page and again for the counts), and GROUPING() tells the facet rows apart.
        await using var command = new NpgsqlCommand($"""
            WITH matched AS MATERIALIZED (
                SELECT product_id, seller_id, title, category, brand, price, currency, in_stock, image, published_at,
                       {(relevance ? "ts_rank(document, @query::tsquery)" : "0::real")} AS rank
                FROM search_products WHERE {where})
            (SELECT -1 AS facet, row_number() OVER (ORDER BY {orderBy}) AS position,
                    product_id, seller_id, title, category, brand, price, currency, in_stock, image, published_at, 0::bigint AS count
             FROM matched ORDER BY {orderBy} LIMIT @limit OFFSET @offset)
            UNION ALL
            SELECT GROUPING(category, brand), 0, NULL, NULL, NULL, category, brand, NULL, NULL, NULL, NULL, NULL, count(*)
            FROM matched GROUP BY GROUPING SETS ((category), (brand), ())
            ORDER BY facet, position
            """, connection);
        command.Parameters.AddRange(parameters.Concat(Paging(query.Page, query.PageSize)).ToArray());

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<ProductHit>(query.PageSize);
        var categories = new List<FacetCount>();
        var brands = new List<FacetCount>();
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetInt32(0))
            {
                case -1:
                    items.Add(new ProductHit(reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                        reader.GetDecimal(7), reader.GetString(8), reader.GetBoolean(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                        reader.GetFieldValue<DateTimeOffset>(11)));
                    break;
                case 0b01:
                    categories.Add(new FacetCount(reader.GetString(5), reader.GetInt64(12)));
                    break;
                case 0b10 when reader.GetString(6) is { Length: > 0 } brand:
                    brands.Add(new FacetCount(brand, reader.GetInt64(12)));
                    break;
                case 0b11:
                    total = reader.GetInt64(12);
                    break;
            }
        }
        return new ProductSearchResult(items, total, query.Page, query.PageSize, Facets.Top(categories), Facets.Top(brands));
    }

    public async Task<SellerSearchResult> SearchSellersAsync(SellerSearchQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var tsQuery = await ToTsQueryAsync(connection, SellerScope, query.Text, cancellationToken);
        var parameters = new List<NpgsqlParameter>();
        var where = "listed";
        var orderBy = "display_name, seller_id";
        if (tsQuery is not null)
        {
            where += " AND document @@ @query::tsquery";
            orderBy = "ts_rank(document, @query::tsquery) DESC, " + orderBy;
            parameters.Add(new NpgsqlParameter<string>("query", tsQuery));
        }

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command($"SELECT seller_id, display_name FROM search_sellers WHERE {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
            parameters, Paging(query.Page, query.PageSize)));
        batch.BatchCommands.Add(Command($"SELECT count(*) FROM search_sellers WHERE {where}", parameters));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<SellerHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new SellerHit(reader.GetGuid(0), reader.GetString(1)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SellerSearchResult(items, reader.GetInt64(0), query.Page, query.PageSize);
    }

    /// <summary>
    /// The tsquery of the shopper's text, as lexemes (cast, not parsed again): every word must match, as a prefix of
    /// its stem (so "phon" finds "phone"), in the other form of a Russian fleeting vowel (the stem "кроссовк" of
    /// "кроссовки" also matches "кроссовок", "носок" also "носки"), or, when no indexed word starts with it, through
    /// the indexed words most similar to it (so "headphnes" finds "headphones"). A stop word ("for", "для") is
    /// neither required nor corrected; null when nothing is left to match.
    /// </summary>
    private static async Task<string?> ToTsQueryAsync(NpgsqlConnection connection, string scope, string? text, CancellationToken cancellationToken)
    {
        var words = Words(text);
        if (words.Length == 0)
        {
            return null;
        }

        await using var command = new NpgsqlCommand(TsQuerySql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("words", words));
        command.Parameters.Add(new NpgsqlParameter<string>("scope", scope));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private const string Consonant = "[бвгджзклмнпрстфхцчшщ]";

    private static readonly string TsQuerySql = $"""
        WITH q AS (
            SELECT q.word, q.position, (ts_lexize('russian_stem', q.word))[1] AS stem
            FROM unnest(@words) WITH ORDINALITY AS q(word, position)),
        alternatives AS (
            SELECT q.position, to_tsquery('russian', quote_literal(q.word) || ':*')::text AS lexemes FROM q
            UNION ALL
            SELECT q.position, CASE
                WHEN q.stem ~ '{Consonant}{Consonant}$'
                    THEN quote_literal(regexp_replace(q.stem, '(.)$', 'о\1')) || ' | ' || quote_literal(regexp_replace(q.stem, '(.)$', 'е\1'))
                WHEN q.stem ~ '{Consonant}[ое]{Consonant}$'
                    THEN quote_literal(regexp_replace(q.stem, '[ое](.)$', '\1')) || ':*'
                END
            FROM q WHERE length(q.stem) >= 4
            UNION ALL
            SELECT q.position, to_tsquery('russian', quote_literal(s.term))::text
            FROM q CROSS JOIN LATERAL (
                SELECT t.term FROM search_terms t
                WHERE t.scope = @scope AND t.term % q.word
                ORDER BY similarity(t.term, q.word) DESC, t.term
                LIMIT {CorrectionsPerWord}) s
            WHERE length(q.word) >= {MinCorrectableLength}
              AND length(to_tsvector('russian', q.word)) > 0
              AND NOT EXISTS (SELECT 1 FROM search_terms k WHERE k.scope = @scope AND k.term ^@ q.word)),
        per_word AS (
            SELECT position, '(' || string_agg(lexemes, ' | ') || ')' AS any_of
            FROM alternatives WHERE lexemes <> '' GROUP BY position)
        SELECT string_agg(any_of, ' & ' ORDER BY position) FROM per_word
        """;

    private static string[] Words(string? text) =>
        text is null ? [] : WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Distinct().Take(MaxQueryWords).ToArray();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    /// <summary>The CTE that adds a listed document's words to the typo-correction vocabulary.</summary>
    private static string RememberTerms(string scope) => $"""
        vocabulary AS (
            INSERT INTO search_terms (scope, term)
            SELECT '{scope}', t.lexeme FROM written CROSS JOIN LATERAL unnest(written.words) AS t
            WHERE written.listed AND length(t.lexeme) >= {MinCorrectableLength}
            ON CONFLICT DO NOTHING)
        """;

    private static NpgsqlParameter[] Paging(int page, int pageSize) =>
    [
        new NpgsqlParameter<int>("limit", pageSize),
        new NpgsqlParameter<int>("offset", (page - 1) * pageSize),
    ];

    private static NpgsqlBatchCommand Command(string sql, IEnumerable<NpgsqlParameter> parameters, params NpgsqlParameter[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters.Concat(more))
        {
            command.Parameters.Add(parameter.Clone());
        }
        return command;
    }
}
