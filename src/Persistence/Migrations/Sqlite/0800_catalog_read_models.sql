-- Projection infrastructure and the catalog's read models of the SQLite profile: the tables of the PostgreSQL
-- migration 0800 (see there), with SQLite's types: ids are Microsoft.Data.Sqlite's Guid blobs, instants UTC ticks,
-- prices REAL (the exact price is in the summary; the column only orders).
CREATE TABLE projection_dead_letters
(
    id              BLOB    NOT NULL PRIMARY KEY,
    projection      TEXT    NOT NULL,
    aggregate_id    TEXT    NOT NULL,
    event_id        BLOB    NOT NULL,
    event_type      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    error           TEXT    NOT NULL,
    first_failed_at INTEGER NOT NULL,
    last_failed_at  INTEGER NOT NULL,
    envelope        BLOB    NOT NULL
);

CREATE INDEX projection_dead_letters_oldest ON projection_dead_letters (first_failed_at, id);

CREATE TABLE catalog_seller_products
(
    product_id BLOB    NOT NULL PRIMARY KEY,
    seller_id  BLOB    NOT NULL,
    version    INTEGER NOT NULL,
    released   INTEGER NOT NULL,
    price      REAL    NOT NULL,
    recency    INTEGER NOT NULL,
    summary    TEXT    NOT NULL
);

CREATE INDEX catalog_seller_products_newest ON catalog_seller_products (seller_id, recency DESC, product_id DESC);
CREATE INDEX catalog_seller_products_price ON catalog_seller_products (seller_id, price, recency DESC, product_id DESC);

CREATE TABLE catalog_category_listings
(
    category   TEXT    NOT NULL,
    product_id BLOB    NOT NULL,
    version    INTEGER NOT NULL,
    price      REAL    NOT NULL,
    recency    INTEGER NOT NULL,
    summary    TEXT    NOT NULL,
    PRIMARY KEY (category, product_id)
);

CREATE INDEX catalog_category_listings_newest ON catalog_category_listings (category, recency DESC, product_id DESC);
CREATE INDEX catalog_category_listings_price ON catalog_category_listings (category, price, recency DESC, product_id DESC);
CREATE INDEX catalog_category_listings_product ON catalog_category_listings (product_id);
