-- Stemming: the search documents move from the 'simple' configuration to 'russian', which stems Cyrillic words
-- with the Russian Snowball stemmer and Latin words with the English one (PostgreSQL maps asciiword/asciihword to
-- english_stem in it), and drops the stop words of both. So "кроссовки" finds "Кроссовки мужские" and "running
-- shoes" finds "Running Shoe", with one lexeme per word (two concatenated vectors would double the index).
-- The typo-correction vocabulary keeps whole words ('simple'), since a shopper misspells words, not stems.
ALTER TABLE search_products DROP COLUMN document;
ALTER TABLE search_products ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', title), 'A') ||
    setweight(to_tsvector('russian', brand), 'B') ||
    setweight(to_tsvector('russian', replace(category, '/', ' ')), 'C') ||
    setweight(to_tsvector('russian', description), 'D')) STORED;
CREATE INDEX search_products_document ON search_products USING gin (document) WHERE listed;

-- The brand filter compares case-insensitively.
CREATE INDEX search_products_brand ON search_products (lower(brand)) WHERE listed;

ALTER TABLE search_sellers DROP COLUMN document;
ALTER TABLE search_sellers ADD COLUMN document tsvector GENERATED ALWAYS AS (to_tsvector('russian', display_name)) STORED;
CREATE INDEX search_sellers_document ON search_sellers USING gin (document) WHERE listed;

-- The vocabulary was the 'simple' lexemes already; refill it from what is listed now.
TRUNCATE search_terms;
INSERT INTO search_terms (scope, term)
SELECT 'products', t.lexeme FROM search_products p
CROSS JOIN LATERAL unnest(to_tsvector('simple', p.title || ' ' || p.brand || ' ' || replace(p.category, '/', ' ') || ' ' || p.description)) AS t
WHERE p.listed AND length(t.lexeme) >= 3
UNION
SELECT 'sellers', t.lexeme FROM search_sellers s CROSS JOIN LATERAL unnest(to_tsvector('simple', s.display_name)) AS t
WHERE s.listed AND length(t.lexeme) >= 3;
