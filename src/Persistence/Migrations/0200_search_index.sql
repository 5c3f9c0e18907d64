-- The PostgreSQL search index (the default engine; Elasticsearch replaces it in production).
-- Full-text through a weighted tsvector (title > brand > category > description) with the 'simple'
-- configuration, which neither stems nor drops stop words, so Russian and English titles match alike.
-- Typo tolerance through pg_trgm: a query word that no indexed word starts with is replaced by the
-- indexed words most similar to it (search_terms holds every word ever indexed).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE search_products
(
    product_id   uuid           PRIMARY KEY,
    sequence     bigint         NOT NULL,
    listed       boolean        NOT NULL,
    seller_id    uuid           NOT NULL,
    title        text           NOT NULL,
    description  text           NOT NULL,
    category     text           NOT NULL,
    category_path text[]        NOT NULL,
    brand        text           NOT NULL,
    price        numeric(19, 4) NOT NULL,
    currency     text           NOT NULL,
    in_stock     boolean        NOT NULL,
    image        text           NULL,
    published_at timestamptz    NOT NULL,
    document     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', brand), 'B') ||
        setweight(to_tsvector('simple', replace(category, '/', ' ')), 'C') ||
        setweight(to_tsvector('simple', description), 'D')) STORED
);

CREATE INDEX search_products_document ON search_products USING gin (document) WHERE listed;
CREATE INDEX search_products_category_path ON search_products USING gin (category_path) WHERE listed;
CREATE INDEX search_products_price ON search_products (price) WHERE listed;
CREATE INDEX search_products_published_at ON search_products (published_at DESC) WHERE listed;
CREATE INDEX search_products_seller ON search_products (seller_id) WHERE listed;

CREATE TABLE search_sellers
(
    seller_id    uuid    PRIMARY KEY,
    version      bigint  NOT NULL,
    listed       boolean NOT NULL,
    display_name text    NOT NULL,
    document     tsvector GENERATED ALWAYS AS (to_tsvector('simple', display_name)) STORED
);

CREATE INDEX search_sellers_document ON search_sellers USING gin (document) WHERE listed;

-- The vocabulary the typo correction picks from, per index ('products', 'sellers').
CREATE TABLE search_terms
(
    scope text NOT NULL,
    term  text COLLATE "C" NOT NULL,
    PRIMARY KEY (scope, term)
);

CREATE INDEX search_terms_trigrams ON search_terms USING gin (term gin_trgm_ops);
